// The supervisor dashboard's logic: reading the `dashboard` message (src/supervisor/
// dashboard_message.ts) and keeping it live and honest about staleness (dashboard_feed.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DashboardFeed, isStale, PROBE_AFTER_MS, STALE_AFTER_MS } from '../src/supervisor/dashboard_feed';
import { parseDashboard, type Dashboard } from '../src/supervisor/dashboard_message';

const sample = () => ({
  type: 'dashboard', at: 1_795_000_000,
  waiting: [
    { lane: 'consultation', language: 'en', count: 1, longest_wait_seconds: 30 },
    { lane: 'support', language: 'sv', count: 1, longest_wait_seconds: 12 },
    { lane: 'support', language: 'ar', count: 2, longest_wait_seconds: 75 },
  ],
  lanes: [
    { lane: 'support', waiting: 3, longest_wait_seconds: 75 },
    { lane: 'consultation', waiting: 1, longest_wait_seconds: 30 },
  ],
  counsellors: { on_duty: 3, busy: 1, free: 1, away: 1 },
  chats_in_progress: 4,
  abandoned_last_hour: 2,
});

describe('the dashboard message', () => {
  test('is read into counts, with waiting groups by lane then language', () => {
    const dashboard = parseDashboard(sample());
    assert.ok(dashboard);
    assert.deepEqual(dashboard.counsellors, { onDuty: 3, busy: 1, free: 1, away: 1 });
    assert.equal(dashboard.chatsInProgress, 4);
    assert.equal(dashboard.abandonedLastHour, 2);
    assert.deepEqual(dashboard.waiting.map((g) => `${g.lane}/${g.language}/${g.count}/${g.longestWaitSeconds}`),
      ['support/ar/2/75', 'support/sv/1/12', 'consultation/en/1/30']);
    assert.deepEqual(dashboard.lanes, [
      { lane: 'support', waiting: 3, longestWaitSeconds: 75 },
      { lane: 'consultation', waiting: 1, longestWaitSeconds: 30 },
    ]);
  });

  test('both lanes are always there, null when nobody waits', () => {
    const dashboard = parseDashboard({ ...sample(), waiting: [], lanes: [{ lane: 'consultation', waiting: 0, longest_wait_seconds: null }] });
    assert.deepEqual(dashboard?.lanes, [
      { lane: 'support', waiting: 0, longestWaitSeconds: null },
      { lane: 'consultation', waiting: 0, longestWaitSeconds: null },
    ]);
  });

  test('a missing or mistyped field makes no dashboard (the last good one stays)', () => {
    assert.equal(parseDashboard({ ...sample(), at: '1795000000' }), undefined);
    assert.equal(parseDashboard({ ...sample(), counsellors: { on_duty: 1, busy: 0, free: 1 } }), undefined);
    assert.equal(parseDashboard({ ...sample(), chats_in_progress: -1 }), undefined);
    assert.equal(parseDashboard({ ...sample(), waiting: [{ lane: 'support', language: 'sv', count: 1.5, longest_wait_seconds: 1 }] }), undefined);
    assert.equal(parseDashboard({ ...sample(), lanes: null }), undefined);
  });

  test('a lane a newer server may add is skipped, not shown wrongly', () => {
    const dashboard = parseDashboard({ ...sample(), waiting: [{ lane: 'mailbox', language: 'sv', count: 1, longest_wait_seconds: 9 }] });
    assert.deepEqual(dashboard?.waiting, []);
  });
});

describe('the live feed', () => {
  function feedHarness() {
    const sent: object[] = [];
    const shown: Dashboard[] = [];
    const staleness: boolean[] = [];
    const clock = { now: 1_000_000 };
    let tick: (() => void) | undefined;
    let online = true;
    let cleared = 0;
    const feed = new DashboardFeed({
      send: (message) => {
        if (online) sent.push(message);
        return online;
      },
      display: { show: (d) => void shown.push(d), setStale: (s) => void staleness.push(s), clear: () => void cleared++ },
      now: () => clock.now,
      every: (callback) => {
        tick = callback;
        return () => { tick = undefined; };
      },
    });
    const advance = (ms: number) => {
      clock.now += ms;
      tick?.();
    };
    return { feed, sent, shown, staleness, clock, advance, setOnline: (value: boolean) => { online = value; },
      get cleared() { return cleared; }, get ticking() { return tick !== undefined; } };
  }

  test('watch is sent on start, each dashboard is shown, and a quiet spell is asked about again', () => {
    const h = feedHarness();
    h.feed.start();
    assert.deepEqual(h.sent, [{ type: 'watch' }]);
    h.feed.handle(sample());
    assert.equal(h.shown.length, 1);
    assert.deepEqual(h.staleness, [false]);
    h.advance(1000);
    h.advance(1000);
    assert.equal(h.sent.length, 1);
    h.advance(PROBE_AFTER_MS - 2000);
    assert.deepEqual(h.sent, [{ type: 'watch' }, { type: 'watch' }], 'the server sends only changes: ask for a fresh one');
    h.feed.handle(sample());
    h.advance(1000);
    assert.deepEqual(h.staleness, [false], 'a live feed never looks stale');
  });

  test('stale after 5 s without a dashboard, fresh again with the next one', () => {
    const h = feedHarness();
    h.feed.start();
    h.feed.handle(sample());
    for (let i = 0; i < STALE_AFTER_MS / 1000; i += 1) h.advance(1000);
    assert.deepEqual(h.staleness, [false, true]);
    h.feed.handle(sample());
    assert.deepEqual(h.staleness, [false, true, false]);
  });

  test('stale at once when the connection drops; watch again after the reconnect', () => {
    const h = feedHarness();
    h.feed.start();
    h.feed.handle(sample());
    h.setOnline(false);
    h.feed.connectionLost();
    assert.deepEqual(h.staleness, [false, true]);
    h.advance(4000);
    h.setOnline(true);
    h.feed.start();
    assert.deepEqual(h.sent.at(-1), { type: 'watch' });
    h.feed.handle(sample());
    assert.deepEqual(h.staleness, [false, true, false]);
  });

  test('other messages and malformed dashboards change nothing; stop clears the screen', () => {
    const h = feedHarness();
    h.feed.start();
    h.feed.handle({ type: 'unwatched' });
    h.feed.handle({ type: 'dashboard', at: 'later' });
    assert.equal(h.shown.length, 0);
    h.feed.stop();
    assert.equal(h.cleared, 1);
    assert.ok(!h.ticking);
  });

  test('staleness by itself', () => {
    assert.equal(isStale(true, 1000, 1000 + STALE_AFTER_MS - 1), false);
    assert.equal(isStale(true, 1000, 1000 + STALE_AFTER_MS), true);
    assert.equal(isStale(false, 1000, 1000), true);
    assert.equal(isStale(true, undefined, 1000), true);
  });
});
