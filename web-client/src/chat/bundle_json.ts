// Reads the counsellor's key bundle as the server sends it (docs/protocol.md, "The counsellor's
// key bundle") into the crypto module's types. Shape only: verifyBundle does the checking.
import type { CounsellorBundle } from '../crypto/bundle';
import { decodeCertificate } from '../crypto/certificate';
import { fromBase64Url } from '../crypto/encoding';

export interface ReceivedBundle { bundle: CounsellorBundle; revocations: Uint8Array | undefined }

/** undefined for null or anything malformed: then no encrypted chat can start. */
export function parseBundle(value: unknown): ReceivedBundle | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const identity = text('identity_key');
  const pseudonym = text('pseudonym');
  const certificate = text('certificate');
  const shiftKey = text('shift_key');
  const signature = text('shift_signature');
  const notAfter = fields.shift_not_after;
  if (!identity || !pseudonym || !certificate || !shiftKey || !signature || !Number.isSafeInteger(notAfter)) return undefined;
  try {
    const cert = decodeCertificate(fromBase64Url(certificate));
    if (!cert.ok) return undefined;
    const list = text('revocation_list');
    return {
      bundle: {
        identityKey: fromBase64Url(identity),
        pseudonym,
        certificate: cert.value,
        shiftKey: fromBase64Url(shiftKey),
        shiftNotAfter: notAfter as number,
        shiftSignature: fromBase64Url(signature),
      },
      revocations: list ? fromBase64Url(list) : undefined,
    };
  } catch {
    return undefined;
  }
}
