// The mailbox roster (docs/crypto.md "Mailbox, version 1"), as crypto/src/roster.cpp: one entry
// per counsellor able to answer letters, its check against the pinned root key, and its wire form
// (docs/protocol.md "Mailbox": identity_key, pseudonym, certificate, mailbox_key,
// mailbox_not_after, mailbox_signature; binary values B64).
import { decodeCertificate, encodeCertificate, verifyCertificate, type Certificate } from './certificate';
import { fromBase64Url, toBase64Url } from './encoding';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './keys';
import { verifyMailboxKey } from './mailbox_keys';
import { fail, ok, type CryptoErrorCode, type Result } from './result';
import { openRevocationList, type RevocationList } from './revocation_list';

export interface RosterEntry {
  identityKey: Uint8Array; // IK_pk
  pseudonym: string; // as certified
  certificate: Certificate;
  mailboxKey: Uint8Array; // MK_pk
  mailboxNotAfter: number;
  mailboxSignature: Uint8Array; // IK's signature of MK
}

export interface VerifiedRoster {
  valid: RosterEntry[];
  refused: { pseudonym: string; error: CryptoErrorCode }[];
}

function verifyEntry(entry: RosterEntry, root: Uint8Array, revoked: RevocationList | undefined, at: number): Result<void> {
  const cert = verifyCertificate(root, entry.identityKey, entry.pseudonym, entry.certificate, at, revoked);
  if (!cert.ok) return cert;
  return verifyMailboxKey(entry.identityKey, entry.mailboxKey, entry.mailboxNotAfter, entry.mailboxSignature, at);
}

/**
 * Checks, in this order: the revocation list when the server sent one (null or empty: none; malformed, bad_signature,
 * expired), the certificate (bad_signature, expired, revoked), IK's signature of MK
 * (bad_signature), MK's expiry (expired: at >= mailbox_not_after). `at` is now when writing a
 * letter, and the letter's hour when checking the author of a received reply. `rootKey`
 * undefined (a bundle built without one): no_root_key. Errors also: malformed (sizes).
 */
export function verifyRosterEntry(entry: RosterEntry, rootKey: Uint8Array | undefined, revocationList: Uint8Array | null,
  at: number): Result<void> {
  if (rootKey === undefined) return fail('no_root_key');
  let revoked: RevocationList | undefined;
  if (revocationList !== null && revocationList.length > 0) {
    const list = openRevocationList(rootKey, revocationList, at);
    if (!list.ok) return list;
    revoked = list.value;
  }
  return verifyEntry(entry, rootKey, revoked, at);
}

/** Every entry checked as verifyRosterEntry does; a bad revocation list refuses them all (with its error). */
export function verifyRoster(entries: RosterEntry[], rootKey: Uint8Array | undefined, revocationList: Uint8Array | null,
  at: number): VerifiedRoster {
  const out: VerifiedRoster = { valid: [], refused: [] };
  let revoked: RevocationList | undefined;
  let listError: CryptoErrorCode | undefined = rootKey === undefined ? 'no_root_key' : undefined;
  if (rootKey !== undefined && revocationList !== null && revocationList.length > 0) {
    const list = openRevocationList(rootKey, revocationList, at);
    if (list.ok) revoked = list.value;
    else listError = list.error;
  }
  for (const entry of entries) {
    const checked = listError !== undefined || rootKey === undefined ? fail<void>(listError ?? 'no_root_key')
      : verifyEntry(entry, rootKey, revoked, at);
    if (checked.ok) out.valid.push(entry);
    else out.refused.push({ pseudonym: entry.pseudonym, error: checked.error });
  }
  return out;
}

/**
 * One roster entry E as the server sends it (`mailbox_roster`'s counsellors, a reply's `author`).
 * Shape and sizes only: verifyRosterEntry does the checking. Errors: malformed.
 */
export function rosterEntryFromJson(value: unknown): Result<RosterEntry> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('malformed');
  const fields = value as Record<string, unknown>;
  const bytes = (name: string, length: number): Uint8Array | undefined => {
    const text = fields[name];
    if (typeof text !== 'string') return undefined;
    try {
      const decoded = fromBase64Url(text);
      return decoded.length === length ? decoded : undefined;
    } catch {
      return undefined;
    }
  };
  const identityKey = bytes('identity_key', PUBLIC_KEY_BYTES);
  const certificate = bytes('certificate', 8 + SIGNATURE_BYTES);
  const mailboxKey = bytes('mailbox_key', PUBLIC_KEY_BYTES);
  const mailboxSignature = bytes('mailbox_signature', SIGNATURE_BYTES);
  const { pseudonym, mailbox_not_after: notAfter } = fields;
  if (!identityKey || !certificate || !mailboxKey || !mailboxSignature || typeof pseudonym !== 'string' || pseudonym === '' ||
      typeof notAfter !== 'number' || !Number.isSafeInteger(notAfter) || notAfter < 0) return fail('malformed');
  const cert = decodeCertificate(certificate);
  if (!cert.ok) return cert;
  return ok({ identityKey, pseudonym, certificate: cert.value, mailboxKey, mailboxNotAfter: notAfter, mailboxSignature });
}

/** The wire form of an entry (what the server sends; tests and vectors write it). */
export function rosterEntryToJson(entry: RosterEntry): Record<string, string | number> {
  /* eslint-disable @typescript-eslint/naming-convention */
  return {
    identity_key: toBase64Url(entry.identityKey),
    pseudonym: entry.pseudonym,
    certificate: toBase64Url(encodeCertificate(entry.certificate)),
    mailbox_key: toBase64Url(entry.mailboxKey),
    mailbox_not_after: entry.mailboxNotAfter,
    mailbox_signature: toBase64Url(entry.mailboxSignature),
  };
  /* eslint-enable @typescript-eslint/naming-convention */
}
