// The server's answers to the help-seeker's mailbox requests (docs/protocol.md "Mailbox"), checked
// field by field into typed shapes; anything else is undefined (and the page says "server error").
import type { ServerMessage } from '../../net/server_socket';

export interface Roster { lane: string; counsellors: unknown[]; revocationList: string | null; replyWithinHours: number }

export interface ThreadLetter {
  number: number;
  from: 'help_seeker' | 'counsellor';
  hour: number;
  ciphertext: string;
  /** The box addressed to the thread key (null: none for us). */
  envelope: string | null;
  /** A counsellor letter: the roster entry whose MK sealed it, still unchecked. */
  author: unknown;
}

export interface Thread {
  lane: string;
  language: string;
  replyBy: number | null;
  answeredBy: string | null;
  letters: ThreadLetter[];
  revocationList: string | null;
}

export type MailboxAnswer =
  | { type: 'mailbox_roster'; roster: Roster }
  | { type: 'letter_saved'; number: number; replyBy: number | null }
  | { type: 'thread'; thread: Thread }
  | { type: 'thread_deleted' }
  | { type: 'error'; code: string; retryAfter: number | undefined; expected: number | undefined };

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown): value is string => typeof value === 'string';
const textOrNull = (value: unknown): string | null => (isText(value) ? value : null);
const countOrNull = (value: unknown): number | null => (isCount(value) ? value : null);

function letterOf(value: unknown): ThreadLetter | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const l = value as Record<string, unknown>;
  if (!isCount(l.number) || !isCount(l.hour) || !isText(l.ciphertext)) return undefined;
  if (l.from !== 'help_seeker' && l.from !== 'counsellor') return undefined;
  return { number: l.number, from: l.from, hour: l.hour, ciphertext: l.ciphertext, envelope: textOrNull(l.envelope),
    author: l.author ?? null };
}

/** A mailbox answer, or undefined for anything else (other types, wrong shapes). */
export function decodeMailboxAnswer(m: ServerMessage): MailboxAnswer | undefined {
  switch (m.type) {
    case 'mailbox_roster':
      if (!isText(m.lane) || !Array.isArray(m.counsellors)) return undefined;
      return { type: 'mailbox_roster', roster: { lane: m.lane, counsellors: m.counsellors,
        revocationList: textOrNull(m.revocation_list), replyWithinHours: isCount(m.reply_within_hours) ? m.reply_within_hours : 48 } };
    case 'letter_saved':
      if (!isCount(m.number)) return undefined;
      return { type: 'letter_saved', number: m.number, replyBy: countOrNull(m.reply_by) };
    case 'thread': {
      if (!isText(m.lane) || !Array.isArray(m.letters)) return undefined;
      const letters = m.letters.map(letterOf);
      if (letters.some((letter) => letter === undefined)) return undefined;
      return { type: 'thread', thread: { lane: m.lane, language: isText(m.language) ? m.language : '',
        replyBy: countOrNull(m.reply_by), answeredBy: textOrNull(m.answered_by),
        letters: (letters as ThreadLetter[]).sort((a, b) => a.number - b.number), revocationList: textOrNull(m.revocation_list) } };
    }
    case 'thread_deleted':
      return { type: 'thread_deleted' };
    case 'error':
      return { type: 'error', code: isText(m.code) ? m.code : '', retryAfter: isCount(m.retry_after) ? m.retry_after : undefined,
        expected: isCount(m.expected) ? m.expected : undefined };
    default:
      return undefined;
  }
}
