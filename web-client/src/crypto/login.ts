// Counsellor login derivation of CRYPTO.md, byte for byte as crypto/src/login_keys.cpp does it.
//
//   master = Argon2id(password, salt, OPSLIMIT_INTERACTIVE, MEMLIMIT_INTERACTIVE)
//   auth   = crypto_kdf_derive_from_key(32, 1, "tillitlg", master)   sent to the server
//   wrap   = crypto_kdf_derive_from_key(32, 2, "tillitlg", master)   never leaves the browser
//
// Argon2id exists only in libsodium's sumo build, so this module is for the console bundles.
import sodium from 'libsodium-wrappers-sumo';

/** Salt length the server hands out (crypto_pwhash_SALTBYTES). */
export const LOGIN_SALT_BYTES = 16;
/** Length of auth and wrap. */
export const LOGIN_KEY_BYTES = 32;

// Fixed in protocol version 1, so the server tells a client nothing but the salt. Written as
// numbers rather than read from sodium so that a library change cannot move them silently.
const OPSLIMIT = 2; // crypto_pwhash_OPSLIMIT_INTERACTIVE
const MEMLIMIT = 67108864; // crypto_pwhash_MEMLIMIT_INTERACTIVE, 64 MiB
const KDF_CONTEXT = 'tillitlg'; // crypto_kdf_CONTEXTBYTES = 8
const AUTH_SUBKEY_ID = 1;
const WRAP_SUBKEY_ID = 2;
const MASTER_BYTES = 32; // crypto_kdf_KEYBYTES

export interface LoginKeys {
  /** Proves the password to the server, which stores only crypto_pwhash_str(auth). */
  auth: Uint8Array;
  /** Opens the secretbox that holds the counsellor's identity key. */
  wrap: Uint8Array;
}

/**
 * Resolves once libsodium has loaded. Optional: call it when the login page opens so the
 * WebAssembly is compiled while the counsellor types.
 */
export async function prepareLoginCrypto(): Promise<void> {
  await sodium.ready;
}

/**
 * Derives auth and wrap from the password (encoded as UTF-8, not normalised, exactly as typed)
 * and the account's 16-byte salt. Takes about a second and 64 MiB, on the main thread.
 * Rejects with an Error if the salt is not 16 bytes, or if Argon2id fails (out of memory).
 */
export async function deriveLoginKeys(password: string, salt: Uint8Array): Promise<LoginKeys> {
  if (salt.length !== LOGIN_SALT_BYTES) {
    throw new Error(`login salt must be ${LOGIN_SALT_BYTES} bytes, got ${salt.length}`);
  }
  await sodium.ready;
  const master = sodium.crypto_pwhash(
    MASTER_BYTES, password, salt, OPSLIMIT, MEMLIMIT, sodium.crypto_pwhash_ALG_ARGON2ID13);
  try {
    return {
      auth: sodium.crypto_kdf_derive_from_key(LOGIN_KEY_BYTES, AUTH_SUBKEY_ID, KDF_CONTEXT, master),
      wrap: sodium.crypto_kdf_derive_from_key(LOGIN_KEY_BYTES, WRAP_SUBKEY_ID, KDF_CONTEXT, master),
    };
  } finally {
    sodium.memzero(master);
  }
}
