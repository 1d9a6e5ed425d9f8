// Keeps the charts current: asks `stats` for the chosen range when signed in, after a reconnect,
// on a range switch and once a minute (the server answers each request once; there is no feed).
// An answer for a range no longer chosen (a late one, after a switch) is not shown.
import type { ServerMessage } from '../net/server_socket';
import type { Repeat } from '../scheduler';
import { parseStats, type Stats, type StatsRange } from './stats_message';

export const REFRESH_EVERY_MS = 60_000;

export interface StatsDisplay {
  /** The chosen range changed (before its numbers arrive). */
  showRange(range: StatsRange): void;
  show(stats: Stats): void;
  clear(): void;
}

export interface StatsFeedDeps {
  send(message: object): boolean;
  display: StatsDisplay;
  every: Repeat;
}

export class StatsFeed {
  private range: StatsRange = '24h';
  private running = false;
  private stopTicking: (() => void) | undefined;

  constructor(private readonly deps: StatsFeedDeps) {}

  get currentRange(): StatsRange {
    return this.range;
  }

  /** Signed in (or back on a new connection): ask now, then every minute. */
  start(): void {
    this.running = true;
    this.deps.display.showRange(this.range);
    this.ask();
    this.stopTicking ??= this.deps.every(() => this.ask(), REFRESH_EVERY_MS);
  }

  /** The supervisor chose a range: show it and ask for its numbers at once. */
  choose(range: StatsRange): void {
    this.range = range;
    this.deps.display.showRange(range);
    if (this.running) this.ask();
  }

  /** Takes `stats` messages (returns true for them); others are left for the rest of the page. */
  handle(message: ServerMessage): boolean {
    if (message.type !== 'stats') return false;
    const stats = parseStats(message);
    if (stats && stats.range === this.range) this.deps.display.show(stats);
    return true;
  }

  /** Signed out: no more asking, and the numbers leave the screen. */
  stop(): void {
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.running = false;
    this.deps.display.clear();
  }

  private ask(): void {
    if (this.running) this.deps.send({ type: 'stats', range: this.range });
  }
}
