// The mailbox's messages (docs/protocol.md, "Mailbox") checked field by field into typed shapes,
// for both pages: the help-seeker's answers (the roster, a saved letter, a thread read with the code,
// a deletion, an error) and a counsellor's (their keys, the list, a claimed thread, a saved reply).
// Anything else, or a wrong shape, is undefined. Binary values stay base64 here; the mailbox
// modules decode and check them where they use them, and roster entries stay raw JSON for the
// crypto's own decoder (rosterEntryFromJson).
import {
  countOrNull, countOrUndefined, isCount, isText, listOf, nullableCount, nullableText, optionalText, textOrNull,
} from './message_fields';
import type { ServerMessage } from './server_socket';

// ---- the help-seeker's side ----

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

function letterOf(l: Record<string, unknown>): ThreadLetter | undefined {
  if (!isCount(l.number) || !isCount(l.hour) || !isText(l.ciphertext)) return undefined;
  if (l.from !== 'help_seeker' && l.from !== 'counsellor') return undefined;
  return { number: l.number, from: l.from, hour: l.hour, ciphertext: l.ciphertext, envelope: textOrNull(l.envelope),
    author: l.author ?? null };
}

/** The answer to a help-seeker's mailbox request, or undefined for anything else (other types, wrong shapes). */
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
      const letters = listOf(m.letters, letterOf);
      if (!isText(m.lane) || !letters) return undefined;
      return { type: 'thread', thread: { lane: m.lane, language: isText(m.language) ? m.language : '',
        replyBy: countOrNull(m.reply_by), answeredBy: textOrNull(m.answered_by),
        letters: letters.sort((a, b) => a.number - b.number), revocationList: textOrNull(m.revocation_list) } };
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

// ---- the counsellor's side ----

/** One of this account's mailbox keys as the server keeps it (`mailbox_keys`). */
export interface StoredMailboxKey { public: string; signature: string; notAfter: number; wrapped: string }

/** One thread of the `mailbox` list: no content, only what the list shows. */
export interface MailboxThreadSummary {
  boxId: string;
  lane: string;
  language: string;
  ageBand: string | null;
  topic: string | null;
  state: 'waiting' | 'answered';
  /** Unix seconds; null once answered. */
  replyBy: number | null;
  waitingSince: number | null;
  lastLetter: number;
  letters: number;
  /** Who answered it last (the thread keeps them). */
  counsellor: string | null;
  claimedBy: string | null;
  claimExpires: number | null;
}

export interface LetterEnvelope { to: string; box: string }

/** A letter as `thread_open` gives it to a counsellor: the envelopes are those to this account's keys. */
export interface CounsellorLetter {
  number: number;
  from: 'help_seeker' | 'counsellor';
  /** Unix seconds, to the hour. */
  hour: number;
  ciphertext: string;
  /** The mailbox key that sealed a counsellor's letter. */
  senderKey: string | null;
  author: string | null;
  envelopes: LetterEnvelope[];
}

export interface CounsellorThread {
  boxId: string;
  threadKey: string;
  lane: string;
  language: string;
  ageBand: string | null;
  topic: string | null;
  claimedBy: string;
  claimExpires: number;
  letters: CounsellorLetter[];
  /** The lane's roster entries as JSON (rosterEntryFromJson reads them). */
  roster: unknown[];
  revocationList: string | null;
}

export type CounsellorMailboxMessage =
  | { type: 'mailbox_keys'; keys: StoredMailboxKey[] }
  | { type: 'mailbox_key_saved'; notAfter: number }
  | { type: 'mailbox'; threads: MailboxThreadSummary[]; replyWithinHours: number }
  | { type: 'mailbox_unwatched' }
  | { type: 'thread'; thread: CounsellorThread }
  | { type: 'thread_released'; boxId: string }
  | { type: 'reply_saved'; boxId: string; number: number }
  | { type: 'thread_claimed'; claimedBy: string | null; retryAfter: number | undefined };


function storedMailboxKey(m: Record<string, unknown>): StoredMailboxKey | undefined {
  const notAfter = countOrUndefined(m.not_after);
  if (!isText(m.public) || !isText(m.signature) || !isText(m.wrapped) || notAfter === undefined) return undefined;
  return { public: m.public, signature: m.signature, notAfter, wrapped: m.wrapped };
}

function threadSummary(m: Record<string, unknown>): MailboxThreadSummary | undefined {
  const lastLetter = countOrUndefined(m.last_letter);
  const letters = countOrUndefined(m.letters);
  const replyBy = nullableCount(m.reply_by);
  const waitingSince = nullableCount(m.waiting_since);
  const claimExpires = nullableCount(m.claim_expires);
  const counsellor = nullableText(m.counsellor ?? null);
  const claimedBy = nullableText(m.claimed_by ?? null);
  if (!isText(m.box_id) || !isText(m.lane) || !isText(m.language) || (m.state !== 'waiting' && m.state !== 'answered')
    || lastLetter === undefined || letters === undefined || replyBy === undefined || waitingSince === undefined
    || claimExpires === undefined || counsellor === undefined || claimedBy === undefined) {
    return undefined;
  }
  return { boxId: m.box_id, lane: m.lane, language: m.language, ageBand: optionalText(m.age_band),
    topic: optionalText(m.topic), state: m.state, replyBy, waitingSince, lastLetter, letters, counsellor, claimedBy,
    claimExpires };
}

function letterEnvelope(m: Record<string, unknown>): LetterEnvelope | undefined {
  return isText(m.to) && isText(m.box) ? { to: m.to, box: m.box } : undefined;
}

function counsellorLetter(m: Record<string, unknown>): CounsellorLetter | undefined {
  const number = countOrUndefined(m.number);
  const hour = countOrUndefined(m.hour);
  const envelopes = listOf(m.envelopes ?? [], letterEnvelope);
  const senderKey = nullableText(m.sender_key ?? null);
  const author = nullableText(m.author ?? null);
  if (number === undefined || hour === undefined || (m.from !== 'help_seeker' && m.from !== 'counsellor')
    || !isText(m.ciphertext) || !envelopes || senderKey === undefined || author === undefined) {
    return undefined;
  }
  return { number, from: m.from, hour, ciphertext: m.ciphertext, senderKey, author, envelopes };
}

function counsellorThread(m: ServerMessage): CounsellorThread | undefined {
  const claimExpires = countOrUndefined(m.claim_expires);
  const letters = listOf(m.letters, counsellorLetter);
  const revocationList = nullableText(m.revocation_list ?? null);
  if (!isText(m.box_id) || !isText(m.thread_key) || !isText(m.lane) || !isText(m.language) || !isText(m.claimed_by)
    || claimExpires === undefined || !letters || revocationList === undefined) {
    return undefined;
  }
  return { boxId: m.box_id, threadKey: m.thread_key, lane: m.lane, language: m.language, ageBand: optionalText(m.age_band),
    topic: optionalText(m.topic), claimedBy: m.claimed_by, claimExpires,
    letters: [...letters].sort((a, b) => a.number - b.number),
    roster: Array.isArray(m.roster) ? m.roster : [], revocationList };
}

/**
 * The mailbox's messages to a signed-in counsellor (and `thread_claimed`, the one error that says
 * more than its code), or undefined for any other message or a malformed one.
 */
export function decodeCounsellorMailboxMessage(m: ServerMessage): CounsellorMailboxMessage | undefined {
  switch (m.type) {
    case 'mailbox_keys': {
      const keys = listOf(m.keys, storedMailboxKey);
      return keys && { type: 'mailbox_keys', keys };
    }
    case 'mailbox_key_saved': {
      const notAfter = countOrUndefined(m.not_after);
      return notAfter === undefined ? undefined : { type: 'mailbox_key_saved', notAfter };
    }
    case 'mailbox': {
      const threads = listOf(m.threads, threadSummary);
      const replyWithinHours = countOrUndefined(m.reply_within_hours);
      return threads && { type: 'mailbox', threads, replyWithinHours: replyWithinHours ?? 48 };
    }
    case 'mailbox_unwatched':
      return { type: 'mailbox_unwatched' };
    case 'thread': {
      const thread = counsellorThread(m);
      return thread && { type: 'thread', thread };
    }
    case 'thread_released':
      return isText(m.box_id) ? { type: 'thread_released', boxId: m.box_id } : undefined;
    case 'reply_saved': {
      const number = countOrUndefined(m.number);
      return isText(m.box_id) && number !== undefined ? { type: 'reply_saved', boxId: m.box_id, number } : undefined;
    }
    case 'error':
      if (m.code !== 'thread_claimed') return undefined;
      return { type: 'thread_claimed', claimedBy: isText(m.claimed_by) ? m.claimed_by : null,
        retryAfter: typeof m.retry_after === 'number' && Number.isFinite(m.retry_after) ? m.retry_after : undefined };
    default:
      return undefined;
  }
}
