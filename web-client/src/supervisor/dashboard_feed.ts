// Keeps the dashboard live: `watch` after signing in and after every reconnect, and says "stale"
// when no dashboard came for 5 s or the connection is down. The server sends a dashboard only when
// something changed, so a quiet centre would look stale: after 3 s of silence the feed asks again
// with `watch`, which the server answers at once (docs/protocol.md), proving the picture is current.
import type { ServerMessage } from '../net/server_socket';
import type { Repeat } from '../scheduler';
import { parseDashboard, type Dashboard } from './dashboard_message';

export const STALE_AFTER_MS = 5000;
export const PROBE_AFTER_MS = 3000;
export const CHECK_EVERY_MS = 1000;

export interface DashboardDisplay {
  show(dashboard: Dashboard): void;
  setStale(stale: boolean): void;
  clear(): void;
}

export interface DashboardFeedDeps {
  send(message: object): boolean;
  display: DashboardDisplay;
  /** Milliseconds. */
  now(): number;
  every: Repeat;
}

/** Whether the picture on screen can no longer be trusted to be current. */
export function isStale(connected: boolean, lastUpdateMs: number | undefined, nowMs: number): boolean {
  return !connected || lastUpdateMs === undefined || nowMs - lastUpdateMs >= STALE_AFTER_MS;
}

export class DashboardFeed {
  private connected = false;
  private lastUpdate: number | undefined;
  private lastAsked = Number.NEGATIVE_INFINITY;
  private stale: boolean | undefined;
  private stopTicking: (() => void) | undefined;

  constructor(private readonly deps: DashboardFeedDeps) {}

  /** Signed in (or back on a new connection): ask for the feed. */
  start(): void {
    this.connected = true;
    this.ask();
    this.stopTicking ??= this.deps.every(() => this.check(), CHECK_EVERY_MS);
  }

  /** The server's messages for the dashboard; others are ignored. */
  handle(message: ServerMessage): void {
    if (message.type !== 'dashboard') return;
    const dashboard = parseDashboard(message);
    if (!dashboard) return;
    this.lastUpdate = this.deps.now();
    this.deps.display.show(dashboard);
    this.check();
  }

  connectionLost(): void {
    this.connected = false;
    this.check();
  }

  /** Signed out: no more checks, and the numbers leave the screen. */
  stop(): void {
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.connected = false;
    this.lastUpdate = undefined;
    this.stale = undefined;
    this.deps.display.clear();
  }

  /** Once a second: stale or not, and ask again after a quiet spell. */
  check(): void {
    const now = this.deps.now();
    if (this.connected && now - (this.lastUpdate ?? Number.NEGATIVE_INFINITY) >= PROBE_AFTER_MS
      && now - this.lastAsked >= PROBE_AFTER_MS) {
      this.ask();
    }
    const stale = isStale(this.connected, this.lastUpdate, now);
    if (stale !== this.stale) {
      this.stale = stale;
      this.deps.display.setStale(stale);
    }
  }

  private ask(): void {
    if (this.deps.send({ type: 'watch' })) this.lastAsked = this.deps.now();
  }
}
