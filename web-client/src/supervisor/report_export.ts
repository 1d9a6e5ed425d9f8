// The report for the steering group as a CSV download: checks the chosen days, sends `report`
// (docs/protocol.md "Supervisors and admins: statistics"), and hands the answer's CSV to a
// download made from memory (no URL, so no token ever goes in one). The page's dates include both
// ends ("from … through …"); the protocol's `to` is the day after the last one.
import type { ServerMessage } from '../net/server_socket';

/** The server's longest period, in days. */
export const MAX_REPORT_DAYS = 3660;

export type ReportProblem =
  | 'bad_dates' // a date missing or not a real date
  | 'order' // the last day is before the first
  | 'too_long' // more than MAX_REPORT_DAYS
  | 'no_connection'
  | 'connection_lost'
  | 'refused' // bad_message from the server
  | 'rate_limited'
  | 'server_error'; // internal, or an answer we cannot read

export type ReportState =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; filename: string }
  | { kind: 'failed'; problem: ReportProblem };

export interface ReportDeps {
  send(message: object): boolean;
  /** Offers `content` as a file named `filename` (a Blob behind an object URL, revoked after). */
  download(filename: string, content: string): void;
  showState(state: ReportState): void;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A YYYY-MM-DD date as days since 1970-01-01, or undefined when it is not a real date. */
export function dayNumber(date: string): number | undefined {
  const match = DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** Days since 1970-01-01 as YYYY-MM-DD. */
export function dayString(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (year: number, monthIndex: number, day: number): string => {
  const date = new Date(year, monthIndex, day);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

/**
 * The default period: the last full calendar month before `today` (both days included), what a
 * steering group usually asks for; fixed periods that do not overlap also keep reports from
 * being subtracted from one another (docs/statistics.md, "Limits").
 */
export function lastFullMonth(today: Date): { first: string; last: string } {
  const year = today.getFullYear();
  const month = today.getMonth();
  return { first: localDate(year, month - 1, 1), last: localDate(year, month, 0) };
}

/** The protocol's request for the days `first` through `last`, or why there is none. */
export function reportRequest(first: string, last: string):
{ from: string; to: string } | { problem: 'bad_dates' | 'order' | 'too_long' } {
  const a = dayNumber(first);
  const b = dayNumber(last);
  if (a === undefined || b === undefined) return { problem: 'bad_dates' };
  if (b < a) return { problem: 'order' };
  if (b - a + 1 > MAX_REPORT_DAYS) return { problem: 'too_long' };
  return { from: first, to: dayString(b + 1) };
}

// What the server may name the file: tillit-report-FIRST-to-LAST.csv, nothing with a path in it.
const SAFE_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class ReportExport {
  private pending: { from: string; to: string } | undefined;

  constructor(private readonly deps: ReportDeps) {}

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Asks for the report of `first` through `last` (YYYY-MM-DD, both included). */
  request(first: string, last: string): void {
    if (this.pending) return;
    const asked = reportRequest(first, last);
    if ('problem' in asked) return this.deps.showState({ kind: 'failed', problem: asked.problem });
    if (!this.deps.send({ type: 'report', from: asked.from, to: asked.to })) {
      return this.deps.showState({ kind: 'failed', problem: 'no_connection' });
    }
    this.pending = asked;
    this.deps.showState({ kind: 'working' });
  }

  /**
   * Takes the `report` answer, and an `error` while a report is asked for (the server answers
   * requests in order and the page has no other request that fails with these); returns whether
   * the message was the report's.
   */
  handle(message: ServerMessage): boolean {
    if (message.type === 'report') {
      if (!this.pending) return true; // an answer for a page that has since signed out and in
      this.pending = undefined;
      const { filename, csv } = message;
      if (typeof csv !== 'string' || typeof filename !== 'string') {
        this.deps.showState({ kind: 'failed', problem: 'server_error' });
        return true;
      }
      const name = SAFE_FILENAME.test(filename) ? filename : 'tillit-report.csv';
      this.deps.download(name, csv);
      this.deps.showState({ kind: 'done', filename: name });
      return true;
    }
    if (message.type === 'error' && this.pending) {
      this.pending = undefined;
      const problem: ReportProblem = message.code === 'bad_message' ? 'refused'
        : message.code === 'rate_limited' ? 'rate_limited' : 'server_error';
      this.deps.showState({ kind: 'failed', problem });
      return true;
    }
    return false;
  }

  connectionLost(): void {
    if (!this.pending) return;
    this.pending = undefined;
    this.deps.showState({ kind: 'failed', problem: 'connection_lost' });
  }

  /** Signed out: forget the request and the message. */
  stop(): void {
    this.pending = undefined;
    this.deps.showState({ kind: 'idle' });
  }
}
