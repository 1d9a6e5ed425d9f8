// Key pairs of the protocol: Ed25519 (root O, identity IK) and X25519 (shift key, ephemerals).
// libsodium must be ready (`await cryptoReady()`) before any function here is called.
import sodium from 'libsodium-wrappers';
import { fail, ok, type Result } from './result';

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const SEED_BYTES = 32;
export const SESSION_ID_BYTES = 16;

/** Ed25519: secretKey is libsodium's 64 bytes (seed ‖ public key). */
export interface SigningKeyPair { publicKey: Uint8Array; secretKey: Uint8Array }
/** X25519: secretKey is the 32-byte scalar. */
export interface DhKeyPair { publicKey: Uint8Array; secretKey: Uint8Array }

/** Resolves once libsodium's WebAssembly is ready; every other function needs that. */
export async function cryptoReady(): Promise<void> {
  await sodium.ready;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = sodium.crypto_sign_keypair();
  return { publicKey, secretKey: privateKey };
}

export function generateDhKeyPair(): DhKeyPair {
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  return { publicKey, secretKey: privateKey };
}

/** Deterministic key pair from a 32-byte seed. Errors: malformed. */
export function signingKeyPairFromSeed(seed: Uint8Array): Result<SigningKeyPair> {
  if (seed.length !== SEED_BYTES) return fail('malformed');
  const { publicKey, privateKey } = sodium.crypto_sign_seed_keypair(seed);
  return ok({ publicKey, secretKey: privateKey });
}

/** Deterministic key pair from a 32-byte seed. Errors: malformed. */
export function dhKeyPairFromSeed(seed: Uint8Array): Result<DhKeyPair> {
  if (seed.length !== SEED_BYTES) return fail('malformed');
  const { publicKey, privateKey } = sodium.crypto_box_seed_keypair(seed);
  return ok({ publicKey, secretKey: privateKey });
}

/** The 32-byte seed of an Ed25519 secret key (its first half). */
export const seedOf = (keys: SigningKeyPair): Uint8Array => keys.secretKey.slice(0, SEED_BYTES);

/** Overwrites a key pair's secret half; call when it is no longer needed. */
export function wipe(keys: { secretKey: Uint8Array }): void {
  sodium.memzero(keys.secretKey);
}
