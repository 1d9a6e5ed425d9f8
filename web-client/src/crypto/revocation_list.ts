// The root-signed revocation list, as crypto/src/revocation_list.cpp:
//   "tillit-revocations-v1" ‖ issued_at (8, BE) ‖ not_after (8, BE) ‖ count (4, BE) ‖ count × IK_pk ‖ Sign_O(all before)
import sodium from 'libsodium-wrappers';
import { be, concat, readBe, utf8 } from './bytes';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type SigningKeyPair } from './keys';
import { fail, ok, type Result } from './result';

const LABEL = utf8('tillit-revocations-v1');
const HEADER_BYTES = LABEL.length + 8 + 8 + 4;
export const MAX_REVOKED_KEYS = 4096;

export interface RevocationList { issuedAt: number; notAfter: number; revoked: Uint8Array[] }

/** Errors: too_large (over 4096 keys), malformed (a key not 32 bytes). */
export function signRevocationList(root: SigningKeyPair, list: RevocationList): Result<Uint8Array> {
  if (list.revoked.length > MAX_REVOKED_KEYS) return fail('too_large');
  if (list.revoked.some((key) => key.length !== PUBLIC_KEY_BYTES)) return fail('malformed');
  const body = concat(LABEL, be(list.issuedAt, 8), be(list.notAfter, 8), be(list.revoked.length, 4), ...list.revoked);
  return ok(concat(body, sodium.crypto_sign_detached(body, root.secretKey)));
}

/** Checks signature, format and now < not_after. Errors: malformed, bad_signature, expired. */
export function openRevocationList(root: Uint8Array, blob: Uint8Array, now: number): Result<RevocationList> {
  if (root.length !== PUBLIC_KEY_BYTES || blob.length < HEADER_BYTES + SIGNATURE_BYTES) return fail('malformed');
  const body = blob.subarray(0, blob.length - SIGNATURE_BYTES);
  // The signature first: nothing unsigned is interpreted.
  if (!sodium.crypto_sign_verify_detached(blob.subarray(body.length), body, root)) return fail('bad_signature');
  if (!sodium.memcmp(body.subarray(0, LABEL.length), LABEL)) return fail('malformed');
  let at = LABEL.length;
  const issuedAt = readBe(body.subarray(at, at + 8));
  const notAfter = readBe(body.subarray(at + 8, at + 16));
  const count = readBe(body.subarray(at + 16, at + 20)) ?? 0;
  at += 20;
  if (issuedAt === undefined || notAfter === undefined || count > MAX_REVOKED_KEYS ||
      body.length - at !== count * PUBLIC_KEY_BYTES) return fail('malformed');
  const revoked: Uint8Array[] = [];
  for (let i = 0; i < count; i += 1) revoked.push(body.slice(at + i * PUBLIC_KEY_BYTES, at + (i + 1) * PUBLIC_KEY_BYTES));
  if (now >= notAfter) return fail('expired');
  return ok({ issuedAt, notAfter, revoked });
}
