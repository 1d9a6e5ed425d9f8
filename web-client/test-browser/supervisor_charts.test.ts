// The supervisor's charts and report with data made through the real server: a help-seeker who
// starts while nobody is on duty (a closed-hours visit), one paired with the only counsellor (a
// chat begun), and one who queues behind them and leaves (abandoned). Then a supervisor sees the
// 24-hour chart drawn and its accessible table's current hour holding exactly those counts,
// switches to 30 days with the keyboard, and downloads the CSV report, in which the small counts
// are "<5". Screenshots of the dashboard with charts at 360 and 1280 px go to the artifacts folder.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { artifactPath, counsellorAccount, setUpBrowserTests, supervisorAccount } from './harness';
import { expectScreen, goOnDuty, helpSeekerStart, horizontalOverflow, openStaffLogin, runAxe, seriousViolations, signIn }
  from './flows';

const counsellor = counsellorAccount('charts-counsellor', 'a long counsellor passphrase');
const supervisor = supervisorAccount('charts-supervisor', 'a long supervisor passphrase');
const fixture = setUpBrowserTests('supervisor_charts', { hours: 'open', accounts: [counsellor, supervisor] });

const ZONE = 'Europe/Stockholm'; // the harness's opening hours' zone: the report's days are its days
const EXPECTED = { chats: '1', abandoned: '1', closedVisits: '1' } as const;
type Column = keyof typeof EXPECTED;

/** Today in the centre's zone, as YYYY-MM-DD. */
const centreToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE }).format(new Date());
const utcHour = () => Math.floor(Date.now() / 3_600_000);

/** The counts in the table's current row (the last bucket), and the sums over all its rows. */
async function tableCounts(page: Page): Promise<{ current: Record<Column, string>; sums: Record<Column, string> }> {
  return page.locator('table#stats-table').evaluate((table) => {
    const columns = ['chats', 'abandoned', 'closedVisits'] as const;
    const cell = (row: Element, column: string) => row.querySelector(`td[data-column="${column}"]`)?.textContent ?? '';
    const rows = [...table.querySelectorAll('tbody tr')];
    const current = rows.find((row) => (row as HTMLElement).dataset.current === 'true');
    const pick = (f: (column: string) => string) =>
      Object.fromEntries(columns.map((column) => [column, f(column)])) as Record<Column, string>;
    return {
      current: pick((column) => (current ? cell(current, column) : '')),
      sums: pick((column) => String(rows.reduce((sum, row) => sum + Number(cell(row, column) || 0), 0))),
    };
  });
}

/**
 * Waits until the table shows the counts we caused, asking again with the range button (the
 * counts reach the database a moment after the events). The current row must hold them all unless
 * the hour or day turned meanwhile; then the sums over the range must.
 */
async function waitForCounts(page: Page, button: string, sameBucket: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  let seen: Awaited<ReturnType<typeof tableCounts>> | undefined;
  for (;;) {
    seen = await tableCounts(page);
    const got = sameBucket() ? seen.current : seen.sums;
    if (got.chats === EXPECTED.chats && got.abandoned === EXPECTED.abandoned && got.closedVisits === EXPECTED.closedVisits) return;
    if (Date.now() > deadline) assert.fail(`the stats table never showed ${JSON.stringify(EXPECTED)}: ${JSON.stringify(seen)}`);
    await page.locator(button).click();
    await page.waitForTimeout(1_000); // bounded by the deadline above: one new request per second
  }
}

/** The chart's canvas is there and drawn at a real size. */
async function assertChartDrawn(page: Page, id: string): Promise<void> {
  const canvas = page.locator(`#${id} canvas`).first();
  await canvas.waitFor({ state: 'visible' });
  const box = await canvas.boundingBox();
  assert.ok(box && box.width > 50 && box.height > 50, `#${id} has a canvas of real size (${JSON.stringify(box)})`);
  const size = await canvas.evaluate((c) => ({ width: (c as HTMLCanvasElement).width, height: (c as HTMLCanvasElement).height }));
  assert.ok(size.width > 0 && size.height > 0, `#${id}'s canvas has pixels`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = artifactPath(name);
  rmSync(file, { force: true });
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(statSync(file).size > 1000, `${file} was written`);
  console.log(`screenshot: ${file}`);
}

describe('the supervisor\'s charts and report', () => {
  test('show the chats, abandonments and closed visits caused, and export them suppressed', async () => {
    const hourAtStart = utcHour();
    const dayAtStart = centreToday();

    // 1. Nobody on duty: a closed-hours visit (no_counsellor).
    const visitor = await fixture.participant({ viewport: { width: 360, height: 740 } });
    assert.equal(await helpSeekerStart(visitor.page, 'sv', 'support'), 'closed');

    // 2. One counsellor with room for one chat: the first help-seeker is paired (a chat begun)…
    const staff = await fixture.participant();
    await openStaffLogin(staff.page, '/counsellor/');
    await signIn(staff.page, counsellor);
    await staff.page.locator('#key-state[data-state="certified"]').waitFor({ state: 'attached', timeout: 30_000 });
    await staff.page.locator('#capacity').selectOption('1');
    await goOnDuty(staff.page);
    const first = await fixture.participant({ viewport: { width: 360, height: 740 } });
    assert.equal(await helpSeekerStart(first.page, 'sv', 'support'), 'chat');

    // …and the second waits behind them, then gives up (abandoned).
    const second = await fixture.participant({ viewport: { width: 360, height: 740 } });
    assert.equal(await helpSeekerStart(second.page, 'sv', 'support'), 'waiting');
    await second.page.locator('#leave-queue').click();
    await second.page.locator('#screen-waiting').waitFor({ state: 'hidden' });

    // 3. The supervisor: the 24-hour chart with data, and its table's current hour.
    const watcher = await fixture.participant({ timezoneId: ZONE });
    const { page } = watcher;
    await openStaffLogin(page, '/supervisor/');
    await signIn(page, supervisor);
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#stats-range-24h').getAttribute('aria-pressed'), 'true');
    await page.locator('#stats-table tbody tr[data-current="true"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#stats-table tbody tr').count(), 24, 'one row per hour');
    await waitForCounts(page, '#stats-range-24h', () => utcHour() === hourAtStart);
    assert.notEqual((await page.locator('#stats-table tr[data-current="true"] td[data-column="waitP50"]').textContent())?.trim(), '–',
      'the hour with a pairing has a median wait');
    assert.ok(((await page.locator('#stats-table caption').textContent()) ?? '').trim() !== '', 'the table has a caption');
    await assertChartDrawn(page, 'chart-chats');
    await assertChartDrawn(page, 'chart-wait');
    assert.match((await page.locator('#chart-chats').getAttribute('aria-label')) ?? '', /1/, 'the chart has a text alternative');

    // The table can be shown for sighted users too.
    await page.locator('#stats-table-toggle').click();
    assert.equal(await page.locator('#stats-table-toggle').getAttribute('aria-pressed'), 'true');
    await page.locator('#stats-table').waitFor({ state: 'visible' });
    assert.equal(seriousViolations(await runAxe(page)), '', 'axe: no serious violation on the dashboard with charts');

    // Screenshots at a laptop's and a small phone's width; the charts follow the width.
    await screenshot(page, 'supervisor-charts-1280.png');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForFunction(() => {
      const canvas = document.querySelector('#chart-chats canvas');
      return canvas !== null && canvas.getBoundingClientRect().width <= 340;
    });
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    assert.equal(innerWidth, 360);
    assert.ok(scrollWidth <= 360, `the dashboard at 360 px scrolls sideways (scrollWidth ${scrollWidth})`);
    await screenshot(page, 'supervisor-charts-360.png');
    await page.setViewportSize({ width: 1280, height: 800 });

    // 4. 30 days, chosen with the keyboard: one row per day, today's holding the same counts.
    await page.locator('#stats-range-30d').focus();
    await page.keyboard.press('Enter');
    await page.locator('#stats-range-30d[aria-pressed="true"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#stats-range-24h').getAttribute('aria-pressed'), 'false');
    await page.waitForFunction(() => document.querySelectorAll('#stats-table tbody tr').length === 30);
    await waitForCounts(page, '#stats-range-30d', () => centreToday() === dayAtStart);
    await assertChartDrawn(page, 'chart-chats');

    // 5. The report: reversed dates are refused on the page, with a message.
    const today = centreToday();
    await page.locator('#report-from').fill(today);
    await page.locator('#report-to').fill('2000-01-01');
    await page.locator('#report-download').click();
    await page.locator('#report-status[data-state="failed"]').waitFor({ state: 'visible' });
    assert.notEqual((await page.locator('#report-status').textContent())?.trim(), '');

    // Today only: a CSV download with the header and the small counts as "<5".
    await page.locator('#report-to').fill(today);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#report-download').click()]);
    assert.equal(download.suggestedFilename(), `tillit-report-${today}-to-${today}.csv`);
    assert.doesNotMatch(download.url(), /token/i, 'no token in the download\'s URL');
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'dimension,value,count', 'the header row');
    assert.ok(lines.includes('total,abandoned,<5'), `one abandonment is shown as <5:\n${csv}`);
    assert.ok(lines.includes('total,closed_visits,<5'), `one closed visit is shown as <5:\n${csv}`);
    assert.ok(!lines.some((line) => /,1$/.test(line) && !line.startsWith('report,')), 'no count of 1 is shown as such');
    await page.locator('#report-status[data-state="done"]').waitFor({ state: 'visible' });
    await expectScreen(first.page, 'chat');
    assert.deepEqual(watcher.consoleProblems, [], 'the dashboard logged no error (CSP included)');
  });
});
