// What the mailbox (mailbox.ts) needs from the page: the key line, the list, the open thread and
// a notice. The mailbox knows only these, never the DOM (mailbox_view.ts draws them).
import type { MailboxRow } from './mailbox_list';
import type { ShownLetter } from './thread_letters';

/**
 * Where the mailbox keys stand: not yet known, being made, ready (replies possible), refused by
 * the server, or impossible (no key to sign with, no wrap).
 */
export type MailboxKeyState = 'none' | 'making' | 'ready' | 'refused' | 'impossible';

/**
 * The open thread: `opening` (asked), `claimed` (mine to answer until claimExpires), `sending`,
 * `answered` (my reply saved), `taken` (someone else holds it), `gone` (no such thread).
 */
export type ThreadState = 'opening' | 'claimed' | 'sending' | 'answered' | 'taken' | 'gone';

/** Why the reply box is shut while the thread is mine. */
export type ReplyBlock = 'no_owner' | 'no_key' | undefined;

export interface ThreadDisplay {
  boxId: string;
  state: ThreadState;
  lane: string | null;
  language: string | null;
  ageBand: string | null;
  topic: string | null;
  /** Who holds the claim (me while it is mine; the other counsellor when taken). */
  claimedBy: string | null;
  claimExpires: number | null;
  letters: readonly ShownLetter[];
  replyBlock: ReplyBlock;
}

export type MailboxNotice = 'mailbox.replySent' | 'mailbox.newLetterArrived' | 'mailbox.claimLost' | 'mailbox.replyTooLong'
  | 'mailbox.replyRefused' | 'mailbox.serverError';

export interface MailboxView {
  /** `unopened`: kept keys that did not open with this password (their letters show as unreadable). */
  showKeys(state: MailboxKeyState, unopened: number): void;
  showThreads(rows: readonly MailboxRow[]): void;
  /** undefined: no thread open (the list alone). */
  showThread(thread: ThreadDisplay | undefined): void;
  /** '' clears it. */
  notice(key: MailboxNotice | ''): void;
}

/** What the page's controls ask of the mailbox. */
export interface MailboxControls {
  open(boxId: string): void;
  close(): void;
  /** false when the reply was not sent (nothing open, empty, not mine now). */
  reply(text: string): boolean;
}
