// The root key's fingerprint as tillit-admin prints it: BLAKE2b-256(O_pk) in 16 groups of 4 hex digits.
import sodium from 'libsodium-wrappers';

export function rootFingerprint(root: Uint8Array): string {
  const hex = sodium.to_hex(sodium.crypto_generichash(32, root, null));
  return (hex.match(/.{4}/g) ?? []).join(' ');
}
