// Root-key certificates of identity keys, byte for byte as crypto/src/certificate.cpp:
//   signed:  "tillit-cert-v1" ‖ IK_pk ‖ len(pseudonym) (1 byte) ‖ pseudonym (UTF-8) ‖ not_after (8, BE)
//   encoded: not_after (8, BE) ‖ signature (64)
import sodium from 'libsodium-wrappers';
import { be, concat, readBe, utf8 } from './bytes';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type SigningKeyPair } from './keys';
import { fail, ok, type Result } from './result';
import type { RevocationList } from './revocation_list';

export const CERTIFICATE_BYTES = 8 + SIGNATURE_BYTES;
export const MAX_PSEUDONYM_BYTES = 64;

export interface Certificate { notAfter: number; signature: Uint8Array }

/** The bytes O signs. Errors: malformed (key size, pseudonym empty or over 64 UTF-8 bytes). */
export function certificateMessage(identityKey: Uint8Array, pseudonym: string, notAfter: number): Result<Uint8Array> {
  const name = utf8(pseudonym);
  if (identityKey.length !== PUBLIC_KEY_BYTES || name.length === 0 || name.length > MAX_PSEUDONYM_BYTES) return fail('malformed');
  return ok(concat(utf8('tillit-cert-v1'), identityKey, be(name.length, 1), name, be(notAfter, 8)));
}

/** Errors: malformed. (Certificates are made by tillit-admin; this is for tests and tools.) */
export function makeCertificate(root: SigningKeyPair, identityKey: Uint8Array, pseudonym: string, notAfter: number): Result<Certificate> {
  const message = certificateMessage(identityKey, pseudonym, notAfter);
  if (!message.ok) return message;
  return ok({ notAfter, signature: sodium.crypto_sign_detached(message.value, root.secretKey) });
}

export const encodeCertificate = (cert: Certificate): Uint8Array => concat(be(cert.notAfter, 8), cert.signature);

/** Errors: malformed (not 72 bytes, or a not_after beyond 2^53). */
export function decodeCertificate(bytes: Uint8Array): Result<Certificate> {
  if (bytes.length !== CERTIFICATE_BYTES) return fail('malformed');
  const notAfter = readBe(bytes.subarray(0, 8));
  if (notAfter === undefined) return fail('malformed');
  return ok({ notAfter, signature: bytes.slice(8) });
}

/**
 * Checks the signature against the root key (bad_signature, also for a wrong root, IK, pseudonym
 * or not_after), then now < not_after (expired), then the revocation list (revoked).
 */
export function verifyCertificate(root: Uint8Array, identityKey: Uint8Array, pseudonym: string, cert: Certificate,
  now: number, revoked?: RevocationList): Result<void> {
  const message = certificateMessage(identityKey, pseudonym, cert.notAfter);
  if (!message.ok) return message;
  if (root.length !== PUBLIC_KEY_BYTES || cert.signature.length !== SIGNATURE_BYTES) return fail('malformed');
  if (!sodium.crypto_sign_verify_detached(cert.signature, message.value, root)) return fail('bad_signature');
  if (now >= cert.notAfter) return fail('expired');
  if (revoked?.revoked.some((key) => sodium.memcmp(key, identityKey))) return fail('revoked');
  return ok(undefined);
}
