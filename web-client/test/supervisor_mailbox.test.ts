// The supervisor's view of the mailbox (issue 16): the dashboard's mailbox card read from
// `dashboard.mailbox`, and the statistics' letters counts, which an older server does not send
// (then no letters chart, and everything else as before).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hoursAndMinutes, parseDashboard } from '../src/supervisor/dashboard_message';
import { chartSeries, hasMail, mailCells, mailSeries, mailTotals, parseStats } from '../src/supervisor/stats_message';

const dashboard = (extra: object = {}) => ({
  type: 'dashboard', at: 1_795_000_000, waiting: [], lanes: [],
  counsellors: { on_duty: 1, busy: 0, free: 1, away: 0 }, chats_in_progress: 0, abandoned_last_hour: 0, ...extra,
});

describe('the dashboard\'s mailbox card', () => {
  test('is read from dashboard.mailbox', () => {
    const read = parseDashboard(dashboard({ mailbox: { waiting: 4, oldest_wait_seconds: 31 * 3600 + 300, past_reply_by: 1, answered_today: 6 } }));
    assert.deepEqual(read?.mailbox, { waiting: 4, oldestWaitSeconds: 111_900, pastReplyBy: 1, answeredToday: 6 });
    assert.deepEqual(hoursAndMinutes(111_900), { hours: 31, minutes: 5 });
  });

  test('nothing waiting: the oldest age is null', () => {
    const read = parseDashboard(dashboard({ mailbox: { waiting: 0, oldest_wait_seconds: null, past_reply_by: 0, answered_today: 2 } }));
    assert.deepEqual(read?.mailbox, { waiting: 0, oldestWaitSeconds: null, pastReplyBy: 0, answeredToday: 2 });
  });

  test('a server without the mailbox, or a malformed card, still gives the rest of the dashboard', () => {
    assert.equal(parseDashboard(dashboard())?.mailbox, null);
    const broken = parseDashboard(dashboard({ mailbox: { waiting: -1, oldest_wait_seconds: 5, past_reply_by: 0, answered_today: 0 } }));
    assert.ok(broken);
    assert.equal(broken.mailbox, null);
    assert.equal(broken.counsellors.onDuty, 1);
  });
});

const HOUR = 3600;
const T0 = 1_795_000_000 - (1_795_000_000 % HOUR);
const bucket = (start: number, extra: object = {}) => ({ start, chats: 1, abandoned: 0, closed_visits: 0, wait_p50_seconds: null,
  wait_p90_seconds: null, ...extra });

describe('the statistics\' letters counts', () => {
  test('are read per bucket and charted as letters, replies, answered in time and late', () => {
    const stats = parseStats({ type: 'stats', range: '24h', buckets: [
      bucket(T0, { letters: 3, replies: 2, answered_in_time: 1, answered_late: 1 }),
      bucket(T0 + HOUR, { letters: 1, replies: 0, answered_in_time: 0, answered_late: 0 }),
    ] });
    assert.ok(stats);
    assert.equal(hasMail(stats), true);
    assert.deepEqual(mailSeries(stats), [[T0, T0 + HOUR], [3, 1], [2, 0], [1, 0], [1, 0]]);
    assert.deepEqual(mailTotals(stats), { letters: 4, replies: 2, answeredInTime: 1, answeredLate: 1 });
    assert.deepEqual(mailCells(stats.buckets[0]!), { letters: '3', replies: '2', answeredInTime: '1', answeredLate: '1' });
  });

  test('absent (an older server): no letters chart, and the other charts as before', () => {
    const stats = parseStats({ type: 'stats', range: '24h', buckets: [bucket(T0), bucket(T0 + HOUR)] });
    assert.ok(stats);
    assert.equal(hasMail(stats), false);
    assert.deepEqual(chartSeries(stats).counts, [[T0, T0 + HOUR], [1, 1], [0, 0], [0, 0]]);
    assert.deepEqual(mailCells(stats.buckets[0]!), { letters: '–', replies: '–', answeredInTime: '–', answeredLate: '–' });
  });

  test('a bucket with only some of them counts as without (no half-filled chart)', () => {
    const stats = parseStats({ type: 'stats', range: '24h', buckets: [bucket(T0, { letters: 2 })] });
    assert.ok(stats);
    assert.equal(hasMail(stats), false);
  });
});
