// The `stats` message (docs/protocol.md "Supervisors and admins: statistics"): hourly or daily
// aggregate counts for the charts, read into typed values, and turned into the charts' series and
// the rows of their accessible table. Counts only, never anything about one person.
import { countOrUndefined } from '../net/message_fields';
import type { ServerMessage } from '../net/server_socket';
import { formatWait } from '../staff/wait_format';

/** The two chart ranges: 24 hours by the hour, 30 days by the day. */
export const STATS_RANGES = ['24h', '30d'] as const;
export type StatsRange = (typeof STATS_RANGES)[number];
export const isStatsRange = (value: unknown): value is StatsRange => value === '24h' || value === '30d';

export interface StatsBucket {
  /** Unix seconds: the bucket's first instant (a UTC hour, or the centre's local midnight). */
  start: number;
  /** Chats begun (help-seekers paired). */
  chats: number;
  abandoned: number;
  closedVisits: number;
  /** Whole seconds, null without a pairing in the bucket. */
  waitP50: number | null;
  waitP90: number | null;
  /** The mailbox's counts (issue 16), only from a server that sends them. */
  mail?: MailCounts;
}

/** Letters received, replies, threads answered within the reply time and after it. */
export interface MailCounts { letters: number; replies: number; answeredInTime: number; answeredLate: number }

export interface Stats {
  range: StatsRange;
  /** Oldest first; the last is the current hour or day so far. */
  buckets: StatsBucket[];
}

const count = countOrUndefined;
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** A wait percentile: a count, or null. Undefined when it is neither (a malformed message). */
function seconds(value: unknown): number | null | undefined {
  return value === null ? null : count(value);
}

/**
 * The statistics, or undefined when the range is unknown or any bucket lacks a field or has one of
 * the wrong type (then the charts keep what they showed). Buckets are put in time order.
 */
export function parseStats(message: ServerMessage): Stats | undefined {
  if (message.type !== 'stats' || !isStatsRange(message.range) || !Array.isArray(message.buckets)) return undefined;
  const buckets: StatsBucket[] = [];
  for (const entry of message.buckets.map(record)) {
    const start = count(entry?.start);
    const chats = count(entry?.chats);
    const abandoned = count(entry?.abandoned);
    const closedVisits = count(entry?.closed_visits);
    const waitP50 = seconds(entry?.wait_p50_seconds);
    const waitP90 = seconds(entry?.wait_p90_seconds);
    if (start === undefined || chats === undefined || abandoned === undefined || closedVisits === undefined
      || waitP50 === undefined || waitP90 === undefined) {
      return undefined;
    }
    const mail = mailCounts(entry);
    buckets.push({ start, chats, abandoned, closedVisits, waitP50, waitP90, ...(mail ? { mail } : {}) });
  }
  buckets.sort((a, b) => a.start - b.start);
  return { range: message.range, buckets };
}

/** A bucket's mailbox counts when all four are there (an older server sends none: no letters chart then). */
function mailCounts(entry: Record<string, unknown> | undefined): MailCounts | undefined {
  const letters = count(entry?.letters);
  const replies = count(entry?.replies);
  const answeredInTime = count(entry?.answered_in_time);
  const answeredLate = count(entry?.answered_late);
  if (letters === undefined || replies === undefined || answeredInTime === undefined || answeredLate === undefined) return undefined;
  return { letters, replies, answeredInTime, answeredLate };
}

/** Whether these statistics have the mailbox's counts (then the letters chart and columns show). */
export const hasMail = (stats: Stats): boolean => stats.buckets.some((bucket) => bucket.mail !== undefined);

/** The letters chart's data: [starts, letters, replies, answered in time, answered late]; 0 for a bucket without them. */
export function mailSeries(stats: Stats): [number[], number[], number[], number[], number[]] {
  const of = (pick: (mail: MailCounts) => number) => stats.buckets.map((bucket) => (bucket.mail ? pick(bucket.mail) : 0));
  return [stats.buckets.map((b) => b.start), of((m) => m.letters), of((m) => m.replies), of((m) => m.answeredInTime),
    of((m) => m.answeredLate)];
}

/** The mailbox columns of the table, by data-column. */
export const MAIL_COLUMNS = ['letters', 'replies', 'answeredInTime', 'answeredLate'] as const;

/** A bucket's mailbox cells ('–' for a bucket without them). */
export function mailCells(bucket: StatsBucket): Record<(typeof MAIL_COLUMNS)[number], string> {
  const text = (value: number | undefined) => (value === undefined ? '–' : String(value));
  return { letters: text(bucket.mail?.letters), replies: text(bucket.mail?.replies),
    answeredInTime: text(bucket.mail?.answeredInTime), answeredLate: text(bucket.mail?.answeredLate) };
}

/** Sums of the mailbox counts over the range, for the letters chart's text alternative. */
export function mailTotals(stats: Stats): MailCounts {
  return stats.buckets.reduce((sum, b) => ({
    letters: sum.letters + (b.mail?.letters ?? 0), replies: sum.replies + (b.mail?.replies ?? 0),
    answeredInTime: sum.answeredInTime + (b.mail?.answeredInTime ?? 0), answeredLate: sum.answeredLate + (b.mail?.answeredLate ?? 0),
  }), { letters: 0, replies: 0, answeredInTime: 0, answeredLate: 0 });
}

/** uPlot's aligned data: x (unix seconds) first, then one array per series. */
export interface ChartSeries {
  /** For the counts chart: [starts, chats, abandoned, closed visits]. */
  counts: [number[], number[], number[], number[]];
  /** For the wait chart: [starts, median, 90th percentile] in seconds; null leaves a gap. */
  waits: [number[], (number | null)[], (number | null)[]];
}

export function chartSeries(stats: Stats): ChartSeries {
  const starts = stats.buckets.map((b) => b.start);
  return {
    counts: [starts, stats.buckets.map((b) => b.chats), stats.buckets.map((b) => b.abandoned),
      stats.buckets.map((b) => b.closedVisits)],
    waits: [starts, stats.buckets.map((b) => b.waitP50), stats.buckets.map((b) => b.waitP90)],
  };
}

/** The locale the staff pages format dates and times in. */
export const localeFor = (language: string): string => (language === 'sv' ? 'sv-SE' : 'en-GB');

/**
 * A bucket's name: an hour as "14:00" (the browser's clock), a day as its date. A day starts at
 * the centre's midnight, which in a browser a few hours east or west could fall on the day
 * before or after, so a day is named by its noon: right in any zone within 12 hours of the centre's.
 */
export function bucketLabel(range: StatsRange, start: number, language: string, timeZone?: string): string {
  const locale = localeFor(language);
  if (range === '24h') {
    return new Date(start * 1000).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  }
  return new Date((start + 12 * 3600) * 1000).toLocaleDateString(locale,
    { weekday: 'short', day: 'numeric', month: 'short', timeZone });
}

/** A wait percentile as m:ss, or a dash when there was no pairing. */
export const waitText = (value: number | null): string => (value === null ? '–' : formatWait(value));

export interface StatsRow {
  start: number;
  label: string;
  /** Whether this is the hour or day still going on (the last bucket). */
  current: boolean;
  cells: { chats: string; abandoned: string; closedVisits: string; waitP50: string; waitP90: string };
}

/** The accessible table's rows: the same numbers as the charts, oldest first. */
export function tableRows(stats: Stats, language: string, timeZone?: string): StatsRow[] {
  return stats.buckets.map((bucket, i) => ({
    start: bucket.start,
    label: bucketLabel(stats.range, bucket.start, language, timeZone),
    current: i === stats.buckets.length - 1,
    cells: {
      chats: String(bucket.chats),
      abandoned: String(bucket.abandoned),
      closedVisits: String(bucket.closedVisits),
      waitP50: waitText(bucket.waitP50),
      waitP90: waitText(bucket.waitP90),
    },
  }));
}

/** Sums over the range, for the charts' text alternative ("12 chats, 3 left the queue, …"). */
export function totals(stats: Stats): { chats: number; abandoned: number; closedVisits: number } {
  return stats.buckets.reduce((sum, b) => ({
    chats: sum.chats + b.chats, abandoned: sum.abandoned + b.abandoned, closedVisits: sum.closedVisits + b.closedVisits,
  }), { chats: 0, abandoned: 0, closedVisits: 0 });
}
