// The counsellor's identity key at sign-in (CRYPTO.md "Login of counsellors"; docs/crypto.md
// "Identity key wrapping"): the first time, make one and wrap it with `wrap` for the server;
// later, unwrap the server's copy. Also says whether the key is certified by the centre's root.
import { decodeCertificate, verifyCertificate } from '../crypto/certificate';
import { fromBase64Url, toBase64Url } from '../crypto/encoding';
import { unwrapIdentityKey, wrapIdentityKey } from '../crypto/identity_wrap';
import { generateSigningKeyPair, wipe, type SigningKeyPair } from '../crypto/keys';
import type { CryptoErrorCode } from '../crypto/result';

/** The identity_key message that stores a new key on the server (public half, wrapped secret). */
export interface IdentityUpload { type: 'identity_key'; public: string; wrapped: string }

export type IdentitySetup =
  | { kind: 'unwrapped'; identity: SigningKeyPair }
  | { kind: 'created'; identity: SigningKeyPair; upload: IdentityUpload }
  | { kind: 'failed'; error: CryptoErrorCode };

/** The key fields of login_ok, as base64 or null. */
export interface StoredIdentity { identityPublicKey: string | null; wrappedIdentityKey: string | null }

/**
 * Unwraps the stored key (errors: unwrap_failed for a wrong wrap or a swapped blob, malformed), or,
 * when the account has none yet, makes one and its upload. `wrap` stays the caller's to wipe.
 * libsodium must be ready.
 */
export function setUpIdentity(stored: StoredIdentity, wrap: Uint8Array): IdentitySetup {
  if (stored.identityPublicKey === null) {
    const identity = generateSigningKeyPair();
    const wrapped = wrapIdentityKey(wrap, identity);
    if (!wrapped.ok) {
      wipe(identity);
      return { kind: 'failed', error: wrapped.error };
    }
    return {
      kind: 'created',
      identity,
      upload: { type: 'identity_key', public: toBase64Url(identity.publicKey), wrapped: toBase64Url(wrapped.value) },
    };
  }
  if (stored.wrappedIdentityKey === null) return { kind: 'failed', error: 'malformed' };
  let expected: Uint8Array;
  let blob: Uint8Array;
  try {
    expected = fromBase64Url(stored.identityPublicKey);
    blob = fromBase64Url(stored.wrappedIdentityKey);
  } catch {
    return { kind: 'failed', error: 'malformed' };
  }
  const opened = unwrapIdentityKey(wrap, blob, expected);
  return opened.ok ? { kind: 'unwrapped', identity: opened.value } : { kind: 'failed', error: opened.error };
}

export type KeyState = 'none' | 'awaiting_certification' | 'certified';

/** The key's certification as the console can tell it; `problem` says why a present certificate does not count. */
export interface Certification { state: KeyState; problem?: 'expired' | 'invalid' }

/**
 * Whether the certificate on file certifies this key for this pseudonym under the pinned root.
 * Without a pinned root (a build without the key) nothing can be checked: a certificate is taken
 * as it is, since help-seekers of that build cannot verify any chat either (the footer says so).
 */
export function certification(certificate: string | null, identityPublicKey: Uint8Array, pseudonym: string,
  root: Uint8Array | undefined, nowSeconds: number): Certification {
  if (certificate === null) return { state: 'awaiting_certification' };
  let decoded;
  try {
    decoded = decodeCertificate(fromBase64Url(certificate));
  } catch {
    return { state: 'awaiting_certification', problem: 'invalid' };
  }
  if (!decoded.ok) return { state: 'awaiting_certification', problem: 'invalid' };
  if (!root) return { state: 'certified' };
  const verified = verifyCertificate(root, identityPublicKey, pseudonym, decoded.value, nowSeconds);
  if (verified.ok) return { state: 'certified' };
  return { state: 'awaiting_certification', problem: verified.error === 'expired' ? 'expired' : 'invalid' };
}
