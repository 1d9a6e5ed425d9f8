// Shift keys signed by the identity key, as crypto/src/shift_key.cpp:
//   Sign_IK("tillit-spk-v1" ‖ SPK_pk ‖ not_after (8, BE))
import sodium from 'libsodium-wrappers';
import { be, concat, utf8 } from './bytes';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type SigningKeyPair } from './keys';
import { fail, ok, type Result } from './result';

export const shiftKeyMessage = (shiftKey: Uint8Array, notAfter: number): Uint8Array =>
  concat(utf8('tillit-spk-v1'), shiftKey, be(notAfter, 8));

/** The counsellor console signs each duty period's shift key with its identity key. */
export function signShiftKey(identity: SigningKeyPair, shiftKey: Uint8Array, notAfter: number): Uint8Array {
  return sodium.crypto_sign_detached(shiftKeyMessage(shiftKey, notAfter), identity.secretKey);
}

/** Errors: malformed (sizes), bad_signature, expired (now >= not_after). */
export function verifyShiftKey(identityKey: Uint8Array, shiftKey: Uint8Array, notAfter: number, signature: Uint8Array,
  now: number): Result<void> {
  if (identityKey.length !== PUBLIC_KEY_BYTES || shiftKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) {
    return fail('malformed');
  }
  if (!sodium.crypto_sign_verify_detached(signature, shiftKeyMessage(shiftKey, notAfter), identityKey)) return fail('bad_signature');
  if (now >= notAfter) return fail('expired');
  return ok(undefined);
}
