// What the mailbox's state machine (mailbox_app.ts) asks of the page, and what the page asks of
// it. The DOM implements the first (views/mailbox_page.ts); the unit tests record it instead.
import type { OpenedLetter } from './mailbox_crypto';

export type MailboxScreen = 'mailbox-write' | 'mailbox-sent' | 'mailbox-code' | 'mailbox-thread' | 'mailbox-deleted';

/** What the page tells the person when something did not happen (each has its sentence). */
export type MailboxProblem =
  | 'no_such_thread' // wrong or unknown code: the same answer for both
  | 'too_many_attempts' // too many wrong codes from here: wait
  | 'too_many_letters' // too many letters from here this hour: wait
  | 'mailbox_full' | 'thread_full'
  | 'malformed_code' // not 20 letters and digits
  | 'no_counsellors' // no counsellor whose key verifies can receive a letter now: nothing is sent
  | 'empty' | 'too_long' | 'confirm_first'
  | 'connection_lost' | 'server_error';

/** The counsellors a letter would go to, as the writer and the thread screen say it. */
export type RosterState =
  | { state: 'loading' }
  | { state: 'ready'; refused: number; replyWithinHours: number }
  | { state: 'none'; refused: number } // nobody verified: Send stays off
  | { state: 'failed' };

export interface ShownThread {
  letters: readonly OpenedLetter[];
  replyBy: number | null;
  /** The counsellor who answered last (a live chat can be asked for with them), or null. */
  answeredBy: string | null;
}

export interface MailboxView {
  showMailbox(screen: MailboxScreen): void;
  /** Back to the screen of the page the mailbox was opened from (the queue, the closed screen, …). */
  leaveMailbox(): void;
  /** The writer with the new return code (formatted) shown once; `counsellor` when it goes to one person first. */
  showWriter(formattedCode: string, counsellor: string | undefined): void;
  showRoster(roster: RosterState): void;
  /** A request is on its way: the buttons that would send another do nothing meanwhile. */
  setBusy(busy: boolean): void;
  /** '' / undefined hides it; `waitSeconds` with the two "wait" problems. */
  showProblem(problem: MailboxProblem | undefined, waitSeconds?: number): void;
  showSent(replyBy: number | null): void;
  showThread(thread: ShownThread): void;
  /** The letter written in the thread was saved: the box is emptied and the reply-by time said. */
  showWrittenAgain(replyBy: number | null): void;
}

/** What the person can do in the mailbox; the page calls these. */
export interface MailboxIntents {
  /** Opens the writer; `counsellor` when it comes from "keep in touch" after a chat. */
  writeLetter(counsellor?: string): void;
  haveCode(): void;
  sendLetter(text: string, codeKept: boolean): void;
  openCode(typed: string): void;
  writeAgain(text: string): void;
  deleteThread(): void;
  askForChat(): void;
  leave(): void;
}
