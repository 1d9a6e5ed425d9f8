// The mailbox list's order and words (no DOM): waiting threads first, the oldest reply-by first;
// then the answered threads that are this counsellor's, the latest letter first; and, per thread,
// how long is left of the reply time or how far past it the thread is, and who holds a claim.
import type { TextKey, TextValues } from '../../i18n/i18n';
import type { MailboxThreadSummary } from '../../net/mailbox_messages';

/** A text of the console table with its placeholder values. */
export interface Words { key: TextKey; values?: TextValues }

export interface MailboxRow {
  thread: MailboxThreadSummary;
  /** Past its reply-by time and still waiting: the row stands out (a class and words, not colour only). */
  overdue: boolean;
  /** "31 h left", "overdue by 3 h", or "answered" for an answered thread. */
  due: Words;
  /** "Sam is answering" while someone holds a claim (also "You are answering"). */
  claim: Words | undefined;
  /** Whole hours since the oldest unanswered letter (waiting threads). */
  writtenHoursAgo: number | null;
}

const HOUR = 3600;

/** The threads the list shows, in its order: waiting (reply-by ascending), then my answered ones (latest first). */
export function orderThreads(threads: readonly MailboxThreadSummary[], me: string): MailboxThreadSummary[] {
  const waiting = threads.filter((thread) => thread.state === 'waiting');
  const answered = threads.filter((thread) => thread.state === 'answered' && thread.counsellor === me);
  // A waiting thread without a reply-by (not expected) goes last among the waiting.
  const replyBy = (thread: MailboxThreadSummary) => thread.replyBy ?? Number.MAX_SAFE_INTEGER;
  waiting.sort((a, b) => replyBy(a) - replyBy(b) || a.lastLetter - b.lastLetter);
  answered.sort((a, b) => b.lastLetter - a.lastLetter);
  return [...waiting, ...answered];
}

/** How long is left until `replyBy`, or how far past it `nowSeconds` is, in whole hours (minutes under an hour). */
export function dueWords(replyBy: number, nowSeconds: number): { overdue: boolean; words: Words } {
  const left = replyBy - nowSeconds;
  if (left > 0) {
    if (left >= HOUR) return { overdue: false, words: { key: 'mailbox.hoursLeft', values: { hours: Math.floor(left / HOUR) } } };
    return { overdue: false, words: { key: 'mailbox.minutesLeft', values: { minutes: Math.max(1, Math.floor(left / 60)) } } };
  }
  const past = nowSeconds - replyBy;
  if (past >= HOUR) return { overdue: true, words: { key: 'mailbox.overdueHours', values: { hours: Math.floor(past / HOUR) } } };
  return { overdue: true, words: { key: 'mailbox.overdueMinutes', values: { minutes: Math.max(1, Math.floor(past / 60)) } } };
}

/** Who is answering it now, if a claim holds at `nowSeconds`. */
export function claimWords(thread: MailboxThreadSummary, me: string, nowSeconds: number): Words | undefined {
  if (thread.claimedBy === null || (thread.claimExpires !== null && thread.claimExpires <= nowSeconds)) return undefined;
  if (thread.claimedBy === me) return { key: 'mailbox.claimedByMe' };
  return { key: 'mailbox.claimedBy', values: { pseudonym: thread.claimedBy } };
}

/** The list's rows at `nowSeconds`. */
export function mailboxRows(threads: readonly MailboxThreadSummary[], me: string, nowSeconds: number): MailboxRow[] {
  return orderThreads(threads, me).map((thread) => {
    const due = thread.state === 'waiting' && thread.replyBy !== null
      ? dueWords(thread.replyBy, nowSeconds)
      : { overdue: false, words: { key: thread.state === 'answered' ? 'mailbox.answered' : 'mailbox.waiting' } as Words };
    const writtenHoursAgo = thread.state === 'waiting' && thread.waitingSince !== null ? hoursSince(thread.waitingSince, nowSeconds) : null;
    return { thread, overdue: due.overdue, due: due.words, claim: claimWords(thread, me, nowSeconds), writtenHoursAgo };
  });
}

/** The age of a thread's oldest unanswered letter, in whole hours, for the row ("written 5 h ago"). */
export const hoursSince = (since: number, nowSeconds: number): number => Math.max(0, Math.floor((nowSeconds - since) / HOUR));
