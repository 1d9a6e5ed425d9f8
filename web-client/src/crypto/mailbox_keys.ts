// The keys of the mailbox (docs/crypto.md "Mailbox, version 1"), as crypto/src/mailbox_keys.cpp:
//   rk = BLAKE2b-256(message = R (20 ASCII bytes), key = "tillit-mailbox-v1")
//   box_id = KDF(16, 1, "tillitmb", rk); box_auth = KDF(32, 2, …); HK = crypto_box_seed_keypair(KDF(32, 3, …))
//   a counsellor's mailbox key MK: Sign_IK("tillit-mbk-v1" ‖ MK_pk ‖ BE(not_after, 8)), and
//   wrapped = nonce (24) ‖ crypto_secretbox_easy(MK_sk, nonce, wrap)   (72 bytes)
import sodium from 'libsodium-wrappers';
import { be, concat, utf8 } from './bytes';
import { generateDhKeyPair, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type DhKeyPair, type SigningKeyPair } from './keys';
import { fail, ok, type Result } from './result';
import { isNormalisedReturnCode } from './return_code';

export const BOX_ID_BYTES = 16;
export const BOX_AUTH_BYTES = 32;
export const WRAPPED_MAILBOX_KEY_BYTES = 72;
/** How long a new mailbox key lives, and when the console makes the next one. */
export const MAILBOX_KEY_LIFETIME_SECONDS = 30 * 86400;
export const MAILBOX_KEY_RENEW_BEFORE_SECONDS = 7 * 86400;

const CODE_KEY = utf8('tillit-mailbox-v1');
const KDF_CONTEXT = 'tillitmb';
const MAILBOX_KEY_LABEL = utf8('tillit-mbk-v1');
const NONCE_BYTES = 24;
const WRAP_BYTES = 32;

/** X25519 (crypto_box): a thread key HK or a mailbox key MK. */
export type BoxKeyPair = DhKeyPair;

export interface ThreadKeys {
  boxId: Uint8Array; // 16 bytes: names the thread
  boxAuth: Uint8Array; // 32 bytes, secret: proves the code to the server
  threadKey: BoxKeyPair; // HK: receives the replies
}

/**
 * The thread's keys from a normalised code (normaliseReturnCode or makeReturnCode). Throws
 * RangeError for anything else: that is a bug of the caller, not input. Wipe with wipeThreadKeys.
 */
export function deriveThreadKeys(normalised: string): ThreadKeys {
  if (!isNormalisedReturnCode(normalised)) throw new RangeError('deriveThreadKeys needs a normalised return code');
  const code = utf8(normalised);
  const rk = sodium.crypto_generichash(32, code, CODE_KEY);
  const boxId = sodium.crypto_kdf_derive_from_key(BOX_ID_BYTES, 1, KDF_CONTEXT, rk);
  const boxAuth = sodium.crypto_kdf_derive_from_key(BOX_AUTH_BYTES, 2, KDF_CONTEXT, rk);
  const hkSeed = sodium.crypto_kdf_derive_from_key(32, 3, KDF_CONTEXT, rk);
  const { publicKey, privateKey } = sodium.crypto_box_seed_keypair(hkSeed);
  for (const secret of [code, rk, hkSeed]) sodium.memzero(secret);
  return { boxId, boxAuth, threadKey: { publicKey, secretKey: privateKey } };
}

/** Overwrites box_auth and HK's secret (call as soon as the thread's screen is left). */
export function wipeThreadKeys(keys: ThreadKeys): void {
  sodium.memzero(keys.boxAuth);
  sodium.memzero(keys.threadKey.secretKey);
}

/** A fresh mailbox key (the console makes one at first login and when its newest has < 7 days left). */
export const makeMailboxKey = (): BoxKeyPair => generateDhKeyPair();

/** The exact bytes IK signs. */
export const mailboxKeyMessage = (mkPk: Uint8Array, notAfter: number): Uint8Array =>
  concat(MAILBOX_KEY_LABEL, mkPk, be(notAfter, 8));

/** IK's signature of MK (64 bytes). */
export function signMailboxKey(identity: SigningKeyPair, mkPk: Uint8Array, notAfter: number): Uint8Array {
  return sodium.crypto_sign_detached(mailboxKeyMessage(mkPk, notAfter), identity.secretKey);
}

/** Errors, in this order: malformed (sizes), bad_signature (also a wrong IK or not_after), expired (now >= not_after). */
export function verifyMailboxKey(ik: Uint8Array, mkPk: Uint8Array, notAfter: number, signature: Uint8Array, now: number): Result<void> {
  if (ik.length !== PUBLIC_KEY_BYTES || mkPk.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES ||
      !Number.isSafeInteger(notAfter) || notAfter < 0) return fail('malformed');
  if (!sodium.crypto_sign_verify_detached(signature, mailboxKeyMessage(mkPk, notAfter), ik)) return fail('bad_signature');
  if (now >= notAfter) return fail('expired');
  return ok(undefined);
}

/** FOR TEST VECTORS ONLY: wrapMailboxKey with the caller's nonce. Errors: malformed (sizes). */
export function wrapMailboxKeyForVectors(secret: Uint8Array, wrap: Uint8Array, nonce: Uint8Array): Result<Uint8Array> {
  if (secret.length !== 32 || wrap.length !== WRAP_BYTES || nonce.length !== NONCE_BYTES) return fail('malformed');
  return ok(concat(nonce, sodium.crypto_secretbox_easy(secret, nonce, wrap)));
}

/** MK's 32-byte secret sealed under `wrap` (login_keys), a fresh random nonce each time. Errors: malformed (sizes). */
export function wrapMailboxKey(secret: Uint8Array, wrap: Uint8Array): Result<Uint8Array> {
  return wrapMailboxKeyForVectors(secret, wrap, sodium.randombytes_buf(NONCE_BYTES));
}

/**
 * Opens a wrapped MK; its secret must give `expectedPublic` (the public key on file), so a
 * swapped blob is refused. Errors: malformed (sizes), unwrap_failed (wrong wrap, altered blob, another key).
 */
export function unwrapMailboxKey(blob: Uint8Array, wrap: Uint8Array, expectedPublic: Uint8Array): Result<BoxKeyPair> {
  if (blob.length !== WRAPPED_MAILBOX_KEY_BYTES || wrap.length !== WRAP_BYTES || expectedPublic.length !== PUBLIC_KEY_BYTES) {
    return fail('malformed');
  }
  let secret: Uint8Array;
  try {
    secret = sodium.crypto_secretbox_open_easy(blob.subarray(NONCE_BYTES), blob.subarray(0, NONCE_BYTES), wrap);
  } catch {
    return fail('unwrap_failed');
  }
  const publicKey = sodium.crypto_scalarmult_base(secret);
  if (!sodium.memcmp(publicKey, expectedPublic)) {
    sodium.memzero(secret);
    return fail('unwrap_failed');
  }
  return ok({ publicKey, secretKey: secret });
}
