// Seals a counsellor's reply (docs/crypto.md "Mailbox"): to the help-seeker's key as the thread's
// first letter names it, to every colleague of the lane's roster that verifies under the pinned
// root now (and to my own newest key, so I can read it again), from my newest mailbox key.
import { fromBase64Url, toBase64Url } from '../../crypto/encoding';
import { sealLetter } from '../../crypto/letter';
import { rosterEntryFromJson, verifyRoster, type RosterEntry } from '../../crypto/roster';
import type { CounsellorThread } from '../../net/mailbox_messages';
import type { MailboxKey } from './mailbox_keys_setup';

/** The `reply` message as sent. */
export interface ReplyMessage {
  type: 'reply'; box_id: string; number: number; sender_key: string; ciphertext: string;
  envelopes: { to: string; box: string }[];
}

/** Why a reply cannot be sealed: no owner key (the first letter unread), no key of mine, or the sealing failed (too long). */
export type ReplyProblem = 'no_owner' | 'no_key' | 'too_long';

export interface ReplyInput {
  thread: CounsellorThread;
  /** The help-seeker's key from the first letter's body (readThread's owner). */
  owner: Uint8Array | undefined;
  sender: MailboxKey | undefined;
  text: string;
  rootKey: Uint8Array | undefined;
  nowSeconds: number;
}

/** The colleagues' keys a reply is sealed to: the roster entries that verify at `nowSeconds`. */
export function colleagueKeys(thread: CounsellorThread, rootKey: Uint8Array | undefined, nowSeconds: number): Uint8Array[] {
  // Without a pinned root nothing can be verified: the reply then goes only to the help-seeker and me.
  if (!rootKey) return [];
  const entries: RosterEntry[] = [];
  for (const json of thread.roster) {
    const entry = rosterEntryFromJson(json);
    if (entry.ok) entries.push(entry.value);
  }
  let revocation: Uint8Array | null = null;
  try {
    revocation = thread.revocationList === null ? null : fromBase64Url(thread.revocationList);
  } catch {
    // A list that is not even base64 refuses every entry, as a bad list does.
    return [];
  }
  return verifyRoster(entries, rootKey, revocation, nowSeconds).valid.map((entry) => entry.mailboxKey);
}

/** The reply to send as letter number (letters + 1), or why it cannot be sealed. libsodium must be ready. */
export function sealReply(input: ReplyInput): { ok: true; message: ReplyMessage } | { ok: false; problem: ReplyProblem } {
  const { thread, owner, sender } = input;
  if (!owner) return { ok: false, problem: 'no_owner' };
  if (!sender) return { ok: false, problem: 'no_key' };
  const readers = [owner, sender.keys.publicKey];
  for (const key of colleagueKeys(thread, input.rootKey, input.nowSeconds)) {
    const text = toBase64Url(key);
    if (!readers.some((reader) => toBase64Url(reader) === text)) readers.push(key);
  }
  const number = thread.letters.length + 1;
  const sealed = sealLetter({ text: input.text }, fromBase64Url(thread.boxId), number, 'to_help_seeker', sender.keys, readers);
  if (!sealed.ok) return { ok: false, problem: 'too_long' };
  return {
    ok: true,
    message: {
      type: 'reply', box_id: thread.boxId, number, sender_key: sender.publicText,
      ciphertext: toBase64Url(sealed.value.ciphertext),
      envelopes: sealed.value.envelopes.map((envelope) => ({ to: toBase64Url(envelope.to), box: toBase64Url(envelope.box) })),
    },
  };
}
