// The counsellor's bundle and its verification against the pinned root key (CRYPTO.md step 2),
// as crypto/src/bundle.cpp. Any error: abort and show it, never fall back.
import { verifyCertificate, type Certificate } from './certificate';
import { fail, type Result } from './result';
import { openRevocationList, type RevocationList } from './revocation_list';
import { verifyShiftKey } from './shift_key';

export interface CounsellorBundle {
  identityKey: Uint8Array;
  pseudonym: string;
  certificate: Certificate;
  shiftKey: Uint8Array;
  shiftNotAfter: number;
  shiftSignature: Uint8Array;
}

/**
 * Checks the certificate against `root`, the shift key's signature, both expiries, and, when the
 * server sent one (non-empty `revocations`), the root-signed revocation list. `root` undefined
 * means this bundle was built without a root key: no_root_key, always.
 * Errors: no_root_key, malformed, bad_signature, expired, revoked.
 */
export function verifyBundle(root: Uint8Array | undefined, bundle: CounsellorBundle, now: number,
  revocations?: Uint8Array): Result<void> {
  if (root === undefined) return fail('no_root_key');
  let revoked: RevocationList | undefined;
  if (revocations !== undefined && revocations.length > 0) {
    const list = openRevocationList(root, revocations, now);
    if (!list.ok) return list;
    revoked = list.value;
  }
  const cert = verifyCertificate(root, bundle.identityKey, bundle.pseudonym, bundle.certificate, now, revoked);
  if (!cert.ok) return cert;
  return verifyShiftKey(bundle.identityKey, bundle.shiftKey, bundle.shiftNotAfter, bundle.shiftSignature, now);
}
