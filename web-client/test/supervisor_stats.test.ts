// The supervisor's statistics: reading the `stats` message and building the charts' series and the
// accessible table (src/supervisor/stats_message.ts), asking for it (stats_feed.ts), and the report
// export's dates, request and answer (report_export.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ReportExport, dayNumber, lastFullMonth, reportRequest, type ReportState } from '../src/supervisor/report_export';
import { REFRESH_EVERY_MS, StatsFeed } from '../src/supervisor/stats_feed';
import { bucketLabel, chartSeries, parseStats, tableRows, totals, type Stats, type StatsRange }
  from '../src/supervisor/stats_message';

const HOUR = 3600;
const T0 = 1_795_003_200; // 2026-11-19 12:00 UTC

const sample = () => ({
  type: 'stats',
  range: '24h',
  buckets: [
    { start: T0, chats: 3, abandoned: 1, closed_visits: 0, wait_p50_seconds: 42, wait_p90_seconds: 95 },
    { start: T0 + HOUR, chats: 0, abandoned: 0, closed_visits: 2, wait_p50_seconds: null, wait_p90_seconds: null },
    { start: T0 + 2 * HOUR, chats: 1, abandoned: 2, closed_visits: 1, wait_p50_seconds: 3600, wait_p90_seconds: 3600 },
  ],
});

describe('the stats message', () => {
  test('is read into buckets, nulls kept as no pairing', () => {
    const stats = parseStats(sample());
    assert.ok(stats);
    assert.equal(stats.range, '24h');
    assert.deepEqual(stats.buckets[0], { start: T0, chats: 3, abandoned: 1, closedVisits: 0, waitP50: 42, waitP90: 95 });
    assert.deepEqual(stats.buckets[1], { start: T0 + HOUR, chats: 0, abandoned: 0, closedVisits: 2, waitP50: null, waitP90: null });
  });

  test('buckets come out oldest first whatever the order sent', () => {
    const message = sample();
    message.buckets.reverse();
    assert.deepEqual(parseStats(message)?.buckets.map((b) => b.start), [T0, T0 + HOUR, T0 + 2 * HOUR]);
  });

  test('a 30-day answer is read too; an empty list is no data, not an error', () => {
    assert.equal(parseStats({ ...sample(), range: '30d' })?.range, '30d');
    assert.deepEqual(parseStats({ ...sample(), buckets: [] })?.buckets, []);
  });

  test('an unknown range or a bad field makes no stats (the charts keep what they had)', () => {
    const withBucket = (patch: object) => {
      const message = sample();
      message.buckets[1] = { ...message.buckets[1]!, ...patch } as (typeof message.buckets)[number];
      return message;
    };
    assert.equal(parseStats({ ...sample(), range: '7d' }), undefined);
    assert.equal(parseStats({ ...sample(), buckets: null }), undefined);
    assert.equal(parseStats({ ...sample(), type: 'dashboard' }), undefined);
    assert.equal(parseStats(withBucket({ chats: -1 })), undefined);
    assert.equal(parseStats(withBucket({ abandoned: 1.5 })), undefined);
    assert.equal(parseStats(withBucket({ closed_visits: '2' })), undefined);
    assert.equal(parseStats(withBucket({ wait_p50_seconds: undefined })), undefined);
    assert.equal(parseStats(withBucket({ start: undefined })), undefined);
    assert.equal(parseStats({ ...sample(), buckets: [7] }), undefined);
  });
});

describe('the charts and their table', () => {
  const stats = parseStats(sample()) as Stats;

  test('series are aligned on the bucket starts, with gaps where no one was paired', () => {
    const { counts, waits } = chartSeries(stats);
    assert.deepEqual(counts, [[T0, T0 + HOUR, T0 + 2 * HOUR], [3, 0, 1], [1, 0, 2], [0, 2, 1]]);
    assert.deepEqual(waits, [[T0, T0 + HOUR, T0 + 2 * HOUR], [42, null, 3600], [95, null, 3600]]);
  });

  test('the table has one row per bucket with the same numbers, the last marked as current', () => {
    const rows = tableRows(stats, 'sv', 'UTC');
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => r.current), [false, false, true]);
    assert.deepEqual(rows[0]?.cells, { chats: '3', abandoned: '1', closedVisits: '0', waitP50: '0:42', waitP90: '1:35' });
    assert.deepEqual(rows[1]?.cells, { chats: '0', abandoned: '0', closedVisits: '2', waitP50: '–', waitP90: '–' });
    assert.equal(rows[2]?.cells.waitP90, '60:00');
    assert.equal(rows[0]?.label, '12:00');
  });

  test('totals sum the range', () => {
    assert.deepEqual(totals(stats), { chats: 4, abandoned: 3, closedVisits: 3 });
  });

  test('an hour is named by its clock time, a day by its date in the centre\'s zone', () => {
    assert.equal(bucketLabel('24h', T0, 'en', 'Europe/Stockholm'), '13:00'); // CET in November
    // Local midnight in Stockholm is 22:00 or 23:00 UTC the day before: still named by its own date.
    const midnight = Date.UTC(2026, 10, 3) / 1000 - HOUR;
    assert.match(bucketLabel('30d', midnight, 'en', 'UTC'), /3 Nov/);
    assert.match(bucketLabel('30d', midnight, 'en', 'Europe/Stockholm'), /3 Nov/);
  });
});

describe('asking for stats', () => {
  function feedHarness() {
    const sent: object[] = [];
    const shown: Stats[] = [];
    const ranges: StatsRange[] = [];
    let tick: (() => void) | undefined;
    let interval = 0;
    let cleared = 0;
    const feed = new StatsFeed({
      send: (message) => {
        sent.push(message);
        return true;
      },
      display: { showRange: (r) => void ranges.push(r), show: (s) => void shown.push(s), clear: () => void cleared++ },
      every: (callback, ms) => {
        tick = callback;
        interval = ms;
        return () => { tick = undefined; };
      },
    });
    return { feed, sent, shown, ranges, tick: () => tick?.(), interval: () => interval, cleared: () => cleared };
  }

  test('asks for 24 hours when started, and again every minute', () => {
    const h = feedHarness();
    h.feed.start();
    assert.deepEqual(h.sent, [{ type: 'stats', range: '24h' }]);
    assert.equal(h.interval(), REFRESH_EVERY_MS);
    h.tick();
    assert.deepEqual(h.sent.at(-1), { type: 'stats', range: '24h' });
  });

  test('switching the range asks at once; a late answer for the old range is not shown', () => {
    const h = feedHarness();
    h.feed.start();
    h.feed.choose('30d');
    assert.deepEqual(h.sent.at(-1), { type: 'stats', range: '30d' });
    assert.deepEqual(h.ranges, ['24h', '30d']);
    assert.equal(h.feed.handle(sample()), true);
    assert.equal(h.shown.length, 0);
    assert.equal(h.feed.handle({ ...sample(), range: '30d' }), true);
    assert.equal(h.shown[0]?.range, '30d');
    h.tick();
    assert.deepEqual(h.sent.at(-1), { type: 'stats', range: '30d' });
  });

  test('other messages are left alone; stopping stops asking and clears the charts', () => {
    const h = feedHarness();
    h.feed.start();
    assert.equal(h.feed.handle({ type: 'dashboard' }), false);
    h.feed.stop();
    assert.equal(h.cleared(), 1);
    const before = h.sent.length;
    h.tick();
    h.feed.choose('30d');
    assert.equal(h.sent.length, before);
  });
});

describe('the report export', () => {
  test('the default period is the last full month', () => {
    assert.deepEqual(lastFullMonth(new Date(2026, 2, 15)), { first: '2026-02-01', last: '2026-02-28' });
    assert.deepEqual(lastFullMonth(new Date(2026, 0, 1)), { first: '2025-12-01', last: '2025-12-31' });
  });

  test('the page\'s last day is included: `to` is the day after it', () => {
    assert.deepEqual(reportRequest('2026-11-01', '2026-11-30'), { from: '2026-11-01', to: '2026-12-01' });
    assert.deepEqual(reportRequest('2026-02-28', '2026-02-28'), { from: '2026-02-28', to: '2026-03-01' });
    assert.deepEqual(reportRequest('2024-02-28', '2024-02-28'), { from: '2024-02-28', to: '2024-02-29' });
  });

  test('bad, reversed or too long periods are refused before anything is sent', () => {
    assert.deepEqual(reportRequest('', '2026-11-30'), { problem: 'bad_dates' });
    assert.deepEqual(reportRequest('2026-02-30', '2026-03-01'), { problem: 'bad_dates' });
    assert.deepEqual(reportRequest('2026-11-02', '2026-11-01'), { problem: 'order' });
    assert.deepEqual(reportRequest('2000-01-01', '2026-01-01'), { problem: 'too_long' });
    assert.equal(dayNumber('1970-01-02'), 1);
  });

  function reportHarness(online = true) {
    const sent: object[] = [];
    const downloads: { filename: string; content: string }[] = [];
    const states: ReportState[] = [];
    const report = new ReportExport({
      send: (message) => (online ? (sent.push(message), true) : false),
      download: (filename, content) => void downloads.push({ filename, content }),
      showState: (state) => void states.push(state),
    });
    return { report, sent, downloads, states };
  }

  const CSV = 'dimension,value,count\r\ntotal,abandoned,<5\r\n';

  test('the answer becomes a download named as the server says', () => {
    const h = reportHarness();
    h.report.request('2026-11-01', '2026-11-30');
    assert.deepEqual(h.sent, [{ type: 'report', from: '2026-11-01', to: '2026-12-01' }]);
    assert.deepEqual(h.states.at(-1), { kind: 'working' });
    h.report.request('2026-11-01', '2026-11-30');
    assert.equal(h.sent.length, 1, 'one request at a time');
    assert.equal(h.report.handle({ type: 'report', from: '2026-11-01', to: '2026-12-01',
      filename: 'tillit-report-2026-11-01-to-2026-11-30.csv', csv: CSV }), true);
    assert.deepEqual(h.downloads, [{ filename: 'tillit-report-2026-11-01-to-2026-11-30.csv', content: CSV }]);
    assert.deepEqual(h.states.at(-1), { kind: 'done', filename: 'tillit-report-2026-11-01-to-2026-11-30.csv' });
  });

  test('a file name with a path in it is not used', () => {
    const h = reportHarness();
    h.report.request('2026-11-01', '2026-11-30');
    h.report.handle({ type: 'report', filename: '../../.bashrc', csv: CSV });
    assert.equal(h.downloads[0]?.filename, 'tillit-report.csv');
  });

  test('errors while asking are shown; other errors are not the report\'s', () => {
    const h = reportHarness();
    assert.equal(h.report.handle({ type: 'error', code: 'bad_message' }), false);
    h.report.request('2026-11-01', '2026-11-30');
    assert.equal(h.report.handle({ type: 'error', code: 'bad_message', message: 'to' }), true);
    assert.deepEqual(h.states.at(-1), { kind: 'failed', problem: 'refused' });
    h.report.request('2026-11-01', '2026-11-30');
    h.report.handle({ type: 'error', code: 'internal' });
    assert.deepEqual(h.states.at(-1), { kind: 'failed', problem: 'server_error' });
    h.report.request('2026-11-01', '2026-11-30');
    h.report.connectionLost();
    assert.deepEqual(h.states.at(-1), { kind: 'failed', problem: 'connection_lost' });
    assert.equal(h.downloads.length, 0);
  });

  test('bad dates and no connection fail at once', () => {
    const offline = reportHarness(false);
    offline.report.request('2026-11-01', '2026-11-30');
    assert.deepEqual(offline.states, [{ kind: 'failed', problem: 'no_connection' }]);
    const h = reportHarness();
    h.report.request('2026-11-30', '2026-11-01');
    assert.deepEqual(h.states, [{ kind: 'failed', problem: 'order' }]);
    assert.equal(h.sent.length, 0);
  });
});
