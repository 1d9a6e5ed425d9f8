// The identity key wrapped for storage on the server, as crypto/src/identity_wrap.cpp:
//   blob = nonce (24) ‖ crypto_secretbox_easy(IK seed (32), nonce, wrap)   = 72 bytes
import sodium from 'libsodium-wrappers';
import { concat } from './bytes';
import { signingKeyPairFromSeed, seedOf, type SigningKeyPair } from './keys';
import { fail, ok, type Result } from './result';

export const WRAPPED_IDENTITY_KEY_BYTES = 72;
const NONCE_BYTES = 24;

/** A fresh random nonce each time. Errors: malformed (wrap not 32 bytes). */
export function wrapIdentityKey(wrap: Uint8Array, identity: SigningKeyPair): Result<Uint8Array> {
  if (wrap.length !== 32) return fail('malformed');
  const nonce = sodium.randombytes_buf(NONCE_BYTES);
  const seed = seedOf(identity);
  const boxed = sodium.crypto_secretbox_easy(seed, nonce, wrap);
  sodium.memzero(seed);
  return ok(concat(nonce, boxed));
}

/**
 * Opens the blob; the rebuilt key's public half must equal `expected` (the one the server
 * holds). Errors: malformed (sizes), unwrap_failed (wrong wrap, altered blob, another key).
 */
export function unwrapIdentityKey(wrap: Uint8Array, blob: Uint8Array, expected: Uint8Array): Result<SigningKeyPair> {
  if (wrap.length !== 32 || blob.length !== WRAPPED_IDENTITY_KEY_BYTES || expected.length !== 32) return fail('malformed');
  let seed: Uint8Array;
  try {
    seed = sodium.crypto_secretbox_open_easy(blob.subarray(NONCE_BYTES), blob.subarray(0, NONCE_BYTES), wrap);
  } catch {
    return fail('unwrap_failed');
  }
  const keys = signingKeyPairFromSeed(seed);
  sodium.memzero(seed);
  if (!keys.ok) return keys;
  if (!sodium.memcmp(keys.value.publicKey, expected)) return fail('unwrap_failed');
  return keys;
}
