// Reads a thread opened by a counsellor (docs/crypto.md "Mailbox"): each letter through the
// envelope addressed to one of this counsellor's mailbox keys. A help-seeker's first letter opens
// with the thread key and must name that same key in its body; every later one must open with
// the key the first letter named (else it is not from the thread's owner). A counsellor's letter
// opens with the mailbox key that sealed it. Nothing here throws: a letter that cannot be read
// says why.
import { fromBase64Url, toBase64Url } from '../../crypto/encoding';
import { openLetter, type Direction } from '../../crypto/letter';
import type { CounsellorLetter, CounsellorThread } from '../../net/mailbox_messages';
import type { MailboxKeyRing } from './mailbox_keys_setup';

/**
 * Why a letter shows no text: sealed before any of my mailbox keys existed; sealed to a key of
 * mine that did not open at sign-in; not from the thread's owner; or damaged (moved, modified).
 */
export type LetterProblem = 'sealed_before_key' | 'key_unavailable' | 'not_from_owner' | 'unreadable';

export interface ShownLetter {
  number: number;
  from: 'help_seeker' | 'counsellor';
  hour: number;
  /** The counsellor who wrote it (counsellor letters). */
  author: string | null;
  text: string | null;
  problem: LetterProblem | null;
}

export interface ReadThread {
  letters: ShownLetter[];
  /** The help-seeker's key as their first letter names it (and it matches the thread's): replies go to it. */
  owner: Uint8Array | undefined;
}

const direction = (letter: CounsellorLetter): Direction => (letter.from === 'help_seeker' ? 'to_centre' : 'to_help_seeker');

function bytesOf(text: string): Uint8Array | undefined {
  try {
    return fromBase64Url(text);
  } catch {
    return undefined;
  }
}

/** The body's text, or the first envelope's failure (undefined: none of them is for an open key). */
function open(letter: CounsellorLetter, boxId: Uint8Array, sender: Uint8Array, ring: MailboxKeyRing):
  { body: { text: string; threadKey: Uint8Array | undefined } } | { problem: LetterProblem } {
  if (letter.envelopes.length === 0) return { problem: 'sealed_before_key' };
  const ciphertext = bytesOf(letter.ciphertext);
  let tried = false;
  for (const envelope of letter.envelopes) {
    const key = ring.find(envelope.to);
    const box = bytesOf(envelope.box);
    if (!key || !box || !ciphertext) continue;
    tried = true;
    const opened = openLetter(ciphertext, box, boxId, letter.number, direction(letter), sender, key.keys.secretKey);
    if (opened.ok) return { body: { text: opened.value.text, threadKey: opened.value.threadKey } };
  }
  if (!tried) return { problem: ciphertext ? 'key_unavailable' : 'unreadable' };
  return { problem: letter.from === 'help_seeker' ? 'not_from_owner' : 'unreadable' };
}

/**
 * Every letter of `thread` as this counsellor can read it, in number order. A help-seeker's letter
 * must name, in its body, the key it opened with; a later one opens with the key the first letter
 * named, or, when the first was sealed before any of my keys, with the thread's key (then no
 * reply can be sealed: only the first letter may say whom replies go to). libsodium must be ready.
 */
export function readThread(thread: CounsellorThread, ring: MailboxKeyRing): ReadThread {
  const boxId = bytesOf(thread.boxId);
  const threadKey = bytesOf(thread.threadKey);
  let owner: Uint8Array | undefined;
  // The first letter opened but named another key (or none): nothing after it is the owner's.
  let firstMismatched = false;
  const letters = thread.letters.map((letter): ShownLetter => {
    const shown = { number: letter.number, from: letter.from, hour: letter.hour, author: letter.author };
    const refused = (problem: LetterProblem): ShownLetter => ({ ...shown, text: null, problem });
    let sender: Uint8Array | undefined;
    if (letter.from === 'counsellor') sender = letter.senderKey === null ? undefined : bytesOf(letter.senderKey);
    else if (firstMismatched) return refused('not_from_owner');
    else sender = letter.number === 1 ? threadKey : owner ?? threadKey;
    if (!boxId || !sender) return refused(letter.from === 'help_seeker' ? 'not_from_owner' : 'unreadable');
    const result = open(letter, boxId, sender, ring);
    if ('problem' in result) {
      if (letter.number === 1 && result.problem === 'not_from_owner') firstMismatched = true;
      return refused(result.problem);
    }
    if (letter.from === 'help_seeker') {
      // openLetter checks this too; replies rely on it, so it is checked here where it is used.
      if (!result.body.threadKey || toBase64Url(result.body.threadKey) !== toBase64Url(sender)) {
        if (letter.number === 1) firstMismatched = true;
        return refused('not_from_owner');
      }
      if (letter.number === 1) owner = sender;
    }
    return { ...shown, text: result.body.text, problem: null };
  });
  return { letters, owner };
}
