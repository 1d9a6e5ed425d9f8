// The help-seeker's use of the mailbox crypto (docs/crypto.md "Mailbox"): the return code and its
// keys, the roster checked against the pinned root key, a letter sealed for the verified
// counsellors and the thread key itself, and a thread's letters opened (a reply only after its
// author checked at the letter's hour). Every failure is a refusal: never a plaintext fallback.
import { fromBase64Url, toBase64Url } from '../../crypto/encoding';
import { deriveThreadKeys, wipeThreadKeys, type ThreadKeys } from '../../crypto/mailbox_keys';
import { helpSeekerLetterBody, openLetter, sealLetter } from '../../crypto/letter';
import { formatReturnCode, makeReturnCode, normaliseReturnCode } from '../../crypto/return_code';
import { rosterEntryFromJson, verifyRoster, verifyRosterEntry, type RosterEntry } from '../../crypto/roster';
import type { ThreadLetter } from '../../net/mailbox_messages';

export type { ThreadKeys };
export { formatReturnCode, makeReturnCode, wipeThreadKeys };

/** The keys of a typed code, or undefined when it is not 20 letters and digits of the alphabet. */
export function keysOfTypedCode(typed: string): ThreadKeys | undefined {
  const code = normaliseReturnCode(typed);
  return code.ok ? deriveThreadKeys(code.value) : undefined;
}

/** The keys of a code this page made. */
export const keysOfNewCode = (code: string): ThreadKeys => deriveThreadKeys(code);

/** What a request naming the thread carries: its id and the proof of the code, both B64. */
export const threadProof = (keys: ThreadKeys): { box_id: string; box_auth: string } =>
  ({ box_id: toBase64Url(keys.boxId), box_auth: toBase64Url(keys.boxAuth) });

/** The thread key as letter_new carries it (B64 of HK_pk). */
export const threadKeyOf = (keys: ThreadKeys): string => toBase64Url(keys.threadKey.publicKey);

export interface CheckedRoster { readers: RosterEntry[]; refused: number }

/**
 * The roster's entries that verify now against the pinned root key; `refused` counts the rest
 * (an entry the page cannot even read counts as refused). No root key or a bad list: every entry refused.
 */
export function checkRoster(entries: readonly unknown[], revocations: string | null, root: Uint8Array | undefined,
  nowSeconds: number): CheckedRoster {
  const decoded: RosterEntry[] = [];
  let unreadable = 0;
  for (const json of entries) {
    const entry = decodeEntry(json);
    if (entry) decoded.push(entry);
    else unreadable += 1;
  }
  const list = decodeRevocations(revocations);
  if (list === undefined) return { readers: [], refused: entries.length };
  const { valid, refused } = verifyRoster(decoded, root, list, nowSeconds);
  return { readers: valid, refused: refused.length + unreadable };
}

/** A letter from the help-seeker sealed for `readers` and the thread key; undefined when sealing fails (too long). */
export function sealOwnLetter(text: string, keys: ThreadKeys, number: number, readers: readonly RosterEntry[]):
{ ciphertext: string; envelopes: { to: string; box: string }[] } | undefined {
  const sealed = sealLetter(helpSeekerLetterBody(text, keys.threadKey.publicKey), keys.boxId, number, 'to_centre', keys.threadKey,
    [...readers.map((reader) => reader.mailboxKey), keys.threadKey.publicKey]);
  if (!sealed.ok) return undefined;
  return {
    ciphertext: toBase64Url(sealed.value.ciphertext),
    envelopes: sealed.value.envelopes.map(({ to, box }) => ({ to: toBase64Url(to), box: toBase64Url(box) })),
  };
}

/** One letter as the thread screen shows it: its text, or that it could not be opened or verified. */
export type OpenedLetter =
  | { number: number; from: 'help_seeker' | 'counsellor'; hour: number; text: string; author: string | null }
  | { number: number; from: 'help_seeker' | 'counsellor'; hour: number; text: undefined; author: string | null };

/**
 * Opens one letter of the thread: our own through its self copy, a reply only when its author
 * verifies (certificate and MK at the letter's hour, revocation against the current list) and
 * the letter opens with that author's MK. Anything else: no text.
 */
export function openThreadLetter(letter: ThreadLetter, keys: ThreadKeys, revocations: string | null,
  root: Uint8Array | undefined): OpenedLetter {
  const shown = { number: letter.number, from: letter.from, hour: letter.hour, author: null as string | null };
  try {
    if (letter.envelope === null) return { ...shown, text: undefined };
    const ciphertext = fromBase64Url(letter.ciphertext);
    const box = fromBase64Url(letter.envelope);
    if (letter.from === 'help_seeker') {
      const opened = openLetter(ciphertext, box, keys.boxId, letter.number, 'to_centre', keys.threadKey.publicKey,
        keys.threadKey.secretKey);
      return { ...shown, text: opened.ok ? opened.value.text : undefined };
    }
    const author = letter.author === null ? undefined : decodeEntry(letter.author);
    const list = decodeRevocations(revocations);
    if (!author || list === undefined) return { ...shown, text: undefined };
    const withAuthor = { ...shown, author: author.pseudonym };
    if (!verifyRosterEntry(author, root, list, letter.hour).ok) return { ...withAuthor, text: undefined };
    const opened = openLetter(ciphertext, box, keys.boxId, letter.number, 'to_help_seeker', author.mailboxKey,
      keys.threadKey.secretKey);
    return { ...withAuthor, text: opened.ok ? opened.value.text : undefined };
  } catch {
    return { ...shown, text: undefined }; // bad base64: not openable
  }
}

function decodeEntry(json: unknown): RosterEntry | undefined {
  try {
    const entry = rosterEntryFromJson(json);
    return entry.ok ? entry.value : undefined;
  } catch {
    return undefined;
  }
}

/** null: no list sent; undefined: a list that is not base64 (then nothing verifies). */
function decodeRevocations(list: string | null): Uint8Array | null | undefined {
  if (list === null) return null;
  try {
    return fromBase64Url(list);
  } catch {
    return undefined;
  }
}
