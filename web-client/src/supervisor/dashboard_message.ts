// The `dashboard` message (docs/protocol.md "Supervisors and admins: the dashboard"): aggregate
// counts of queue, staffing and mailbox, read into typed values. Never anything about one person.
import { countOrUndefined } from '../net/message_fields';
import type { ServerMessage } from '../net/server_socket';

/** The lanes, in the order the dashboard lists them. */
export const LANES = ['support', 'consultation'] as const;
export type Lane = (typeof LANES)[number];

export interface WaitingGroup { lane: Lane; language: string; count: number; longestWaitSeconds: number }
export interface LaneLoad { lane: Lane; waiting: number; longestWaitSeconds: number | null }
export interface Staffing { onDuty: number; busy: number; free: number; away: number }
/** The mailbox's load (issue 16): threads waiting, the oldest unanswered letter's age, past reply-by, answered today. */
export interface MailboxLoad { waiting: number; oldestWaitSeconds: number | null; pastReplyBy: number; answeredToday: number }

export interface Dashboard {
  /** Unix seconds: when the server took the picture. */
  at: number;
  /** One group per lane and language with someone waiting, by lane then language. */
  waiting: WaitingGroup[];
  /** Always both lanes, support first. */
  lanes: LaneLoad[];
  counsellors: Staffing;
  chatsInProgress: number;
  abandonedLastHour: number;
  /** null from a server without the mailbox (or a malformed part): the card shows dashes, the rest still shows. */
  mailbox: MailboxLoad | null;
}

const count = countOrUndefined;
const isLane = (value: unknown): value is Lane => value === 'support' || value === 'consultation';
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * The dashboard, or undefined when a required field is missing or of the wrong type (then the
 * page keeps the last good one). Entries of an unknown lane are skipped (a newer server).
 */
export function parseDashboard(message: ServerMessage): Dashboard | undefined {
  const at = count(message.at);
  const staff = record(message.counsellors);
  const chatsInProgress = count(message.chats_in_progress);
  const abandonedLastHour = count(message.abandoned_last_hour);
  if (at === undefined || !staff || chatsInProgress === undefined || abandonedLastHour === undefined
    || !Array.isArray(message.waiting) || !Array.isArray(message.lanes)) {
    return undefined;
  }
  const counsellors = {
    onDuty: count(staff.on_duty), busy: count(staff.busy), free: count(staff.free), away: count(staff.away),
  };
  if (Object.values(counsellors).some((value) => value === undefined)) return undefined;

  const waiting: WaitingGroup[] = [];
  for (const entry of message.waiting.map(record)) {
    const groupCount = count(entry?.count);
    const longest = count(entry?.longest_wait_seconds);
    if (!entry || typeof entry.language !== 'string' || groupCount === undefined || longest === undefined) return undefined;
    if (isLane(entry.lane)) waiting.push({ lane: entry.lane, language: entry.language, count: groupCount, longestWaitSeconds: longest });
  }
  const reported = new Map<Lane, LaneLoad>();
  for (const entry of message.lanes.map(record)) {
    const laneWaiting = count(entry?.waiting);
    const longest = entry?.longest_wait_seconds;
    if (!entry || laneWaiting === undefined || (longest !== null && count(longest) === undefined)) return undefined;
    if (isLane(entry.lane)) reported.set(entry.lane, { lane: entry.lane, waiting: laneWaiting, longestWaitSeconds: count(longest) ?? null });
  }
  // Both lanes always show, even if a server left one out.
  const lanes = LANES.map((lane) => reported.get(lane) ?? { lane, waiting: 0, longestWaitSeconds: null });
  return {
    at,
    waiting: sortGroups(waiting),
    lanes,
    counsellors: counsellors as Staffing,
    chatsInProgress,
    abandonedLastHour,
    mailbox: mailboxLoad(message.mailbox),
  };
}

function mailboxLoad(value: unknown): MailboxLoad | null {
  const fields = record(value);
  const waiting = count(fields?.waiting);
  const oldest = fields?.oldest_wait_seconds;
  const pastReplyBy = count(fields?.past_reply_by);
  const answeredToday = count(fields?.answered_today);
  if (waiting === undefined || pastReplyBy === undefined || answeredToday === undefined
    || (oldest !== null && count(oldest) === undefined)) {
    return null;
  }
  return { waiting, oldestWaitSeconds: count(oldest) ?? null, pastReplyBy, answeredToday };
}

/** A letter's age as whole hours and minutes ("31 h 5 min"): letters wait hours, not the queue's seconds. */
export const hoursAndMinutes = (seconds: number): { hours: number; minutes: number } => {
  const whole = Math.max(0, Math.floor(seconds));
  return { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60) };
};

/** By lane (support first), then language: the table's row order, whatever order the server used. */
export function sortGroups(groups: WaitingGroup[]): WaitingGroup[] {
  return [...groups].sort((a, b) => LANES.indexOf(a.lane) - LANES.indexOf(b.lane) || a.language.localeCompare(b.language));
}

/** The key of a waiting group's table row. */
export const groupKey = (group: { lane: string; language: string }): string => `${group.lane}/${group.language}`;
