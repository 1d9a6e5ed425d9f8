// A chat goes on through what happens to a counsellor's console (issue 20) and to the server
// (issue 14 item 5), in two real browsers against the real server: the console reloaded, the
// chat opened in a new tab, the console's network cut, and the server killed and restarted on
// the same data. Each time: the chat goes on (with a new code where the keys were lost), nothing
// is lost, nothing is shown twice, both sides show one order, and the help-seeker is told within
// seconds when the counsellor's connection dropped. Also: both pages ask before they are left in
// a chat, and the help-seeker's quick exit never asks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  assertOneConversation, CHAT_TIMEOUT_MS, codes, counsellorOnDuty, counsellorWrites, newCommonCode, panelLines,
  seekerLines, seekerToldCounsellorAway, seekerWrites, waitForDelivered,
} from './chat_flows';
import { helpSeekerStart, runAxe, seriousViolations } from './flows';
import { artifactPath, counsellorAccount, NEUTRAL_URL, setUpBrowserTests, startCuttableProxy, type Participant } from './harness';

// One counsellor account per test: a chat left over from an earlier test (still within its grace
// period) is then never handed to the next test's console.
const TESTS = ['reload', 'newtab', 'cut', 'restart', 'exit'] as const;
const accounts = Object.fromEntries(TESTS.map((name) => [name, counsellorAccount(`continuity-${name}`, 'a long counsellor passphrase')]));
const fixture = setUpBrowserTests('chat_continuity', { hours: 'open', accounts: Object.values(accounts) });
const accountOf = (name: string) => {
  const account = accounts[name];
  assert.ok(account, `an account for ${name}`);
  return account;
};

/** How soon the help-seeker must be told that the counsellor's connection dropped (spec D: within a second; slack for a busy machine). */
const TOLD_WITHIN_MS = 8_000;
/** How soon after the network is back the console must be connected again (issue 20: not 10 s or more). */
const BACK_WITHIN_MS = 8_000;

interface Chat {
  staff: Participant;
  seeker: Participant;
  panel: Locator;
  code: string;
}

/** A counsellor on duty, a help-seeker (360 px) paired, and two messages each way, all delivered. */
async function chatWithHistory(name: string, staffBaseUrl?: string): Promise<Chat> {
  const staff = await fixture.participant(staffBaseUrl ? { baseURL: staffBaseUrl } : {});
  const seeker = await fixture.participant({ viewport: { width: 360, height: 740 } });
  await counsellorOnDuty(staff.page, accountOf(name));
  assert.equal(await helpSeekerStart(seeker.page, 'sv', 'support'), 'chat');
  const panel = staff.page.locator('section.chat');
  await panel.waitFor({ state: 'visible' });
  await seekerWrites(seeker.page, `${name} hs1`);
  await counsellorWrites(panel, `${name} co1`);
  await seekerWrites(seeker.page, `${name} hs2`);
  await counsellorWrites(panel, `${name} co2`);
  await waitForDelivered(seeker.page.locator('#messages'), 'mine', [`${name} hs1`, `${name} hs2`]);
  await waitForDelivered(panel, 'mine', [`${name} co1`, `${name} co2`]);
  const now = await codes(seeker.page, panel);
  assert.equal(now.seeker, now.counsellor);
  return { staff, seeker, panel, code: now.seeker };
}

const texts = (name: string, ...labels: string[]) => labels.map((label) => `${name} ${label}`);

async function screenshots(name: string, seeker: Page, console: Page): Promise<void> {
  await seeker.screenshot({ path: artifactPath(`continuity-${name}-seeker-360.png`), fullPage: true });
  await console.screenshot({ path: artifactPath(`continuity-${name}-console-1280.png`), fullPage: true });
}

/** The help-seeker's message still waits for the counsellor (shown so, with the reason under the box). */
async function seekerMessageWaits(seeker: Page, text: string): Promise<void> {
  const line = seeker.locator('#messages li.message.mine').filter({ has: seeker.locator('.message-text', { hasText: text }) });
  assert.equal(await line.locator('.delivery').getAttribute('data-state'), 'waiting');
}

describe('a chat goes on through what happens to the console and the server', () => {
  test('reload: the console asks first; the help-seeker is told at once; a new code; nothing lost or doubled; one order', async () => {
    const name = 'reload';
    const { staff, seeker, code } = await chatWithHistory(name);
    const dialogs: string[] = [];
    staff.page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    const reloadedAt = Date.now();
    await staff.page.reload();
    assert.deepEqual(dialogs, ['beforeunload'], 'the console asked before it was reloaded with a chat open');
    const told = await seekerToldCounsellorAway(seeker.page, reloadedAt);
    console.log(`reload: the help-seeker was told after ${told} ms`);
    assert.ok(told < TOLD_WITHIN_MS, `told within ${TOLD_WITHIN_MS} ms (${told})`);
    await seeker.page.locator('#waits-hint[data-reason="counsellor_away"]').waitFor({ state: 'visible' });
    await seekerWrites(seeker.page, `${name} hs3`);
    await seekerMessageWaits(seeker.page, `${name} hs3`);

    await counsellorOnDuty(staff.page, accountOf(name));
    const back = staff.page.locator('section.chat');
    await back.waitFor({ state: 'visible' });
    assert.notEqual(await back.getAttribute('data-reconnect'), 'none', 'the panel says it reconnected with a new code');
    // The counsellor can write at once: it waits until the channel and the sync are ready.
    await counsellorWrites(back, `${name} co3`);
    const newCode = await newCommonCode(seeker.page, back, code);
    assert.notEqual(newCode, code);
    await back.and(staff.page.locator('[data-reconnect="secured"]')).waitFor({ state: 'attached', timeout: CHAT_TIMEOUT_MS });
    await seekerWrites(seeker.page, `${name} hs4`);
    await counsellorWrites(back, `${name} co4`);
    await waitForDelivered(seeker.page.locator('#messages'), 'mine', texts(name, 'hs3', 'hs4'));
    await waitForDelivered(back, 'mine', texts(name, 'co3', 'co4'));
    assert.ok(await seeker.page.locator('#peer-state').isHidden(), 'the counsellor is back');
    assertOneConversation(await seekerLines(seeker.page), await panelLines(back), {
      seekerWrote: texts(name, 'hs1', 'hs2', 'hs3', 'hs4'),
      counsellorWrote: texts(name, 'co1', 'co2', 'co3', 'co4'),
      // A reloaded page keeps nothing: it gets the help-seeker's messages again, not its own old ones.
      consoleShows: texts(name, 'hs1', 'hs2', 'hs3', 'co3', 'hs4', 'co4'),
    });
    await screenshots(name, seeker.page, staff.page);
  });

  test('new tab: the old panel says the chat continues in another window; the new one goes on with a new code', async () => {
    const name = 'newtab';
    const { staff, seeker, panel, code } = await chatWithHistory(name);
    const second = await staff.newPage();
    await counsellorOnDuty(second, accountOf(name));
    await staff.page.locator('section.chat[data-state="moved"]').waitFor({ state: 'visible', timeout: CHAT_TIMEOUT_MS });
    assert.ok(await panel.locator('button.send').isHidden(), 'the old panel cannot send');
    const moved = second.locator('section.chat');
    await moved.waitFor({ state: 'visible' });
    await seekerWrites(seeker.page, `${name} hs3`);
    await counsellorWrites(moved, `${name} co3`);
    await newCommonCode(seeker.page, moved, code);
    await seekerWrites(seeker.page, `${name} hs4`);
    await counsellorWrites(moved, `${name} co4`);
    await waitForDelivered(seeker.page.locator('#messages'), 'mine', texts(name, 'hs3', 'hs4'));
    await waitForDelivered(moved, 'mine', texts(name, 'co3', 'co4'));
    assertOneConversation(await seekerLines(seeker.page), await panelLines(moved), {
      seekerWrote: texts(name, 'hs1', 'hs2', 'hs3', 'hs4'),
      counsellorWrote: texts(name, 'co1', 'co2', 'co3', 'co4'),
      consoleShows: texts(name, 'hs1', 'hs2', 'hs3', 'co3', 'hs4', 'co4'),
    });
    await staff.page.screenshot({ path: artifactPath('continuity-newtab-old-console-1280.png'), fullPage: true });
    await screenshots(name, seeker.page, second);
  });

  test('network cut: shown in the panel, the help-seeker told, both write meanwhile; back within seconds, same keys, nothing lost', async () => {
    const name = 'cut';
    const proxy = await startCuttableProxy(fixture.tillit.port);
    try {
      const { staff, seeker, panel, code } = await chatWithHistory(name, proxy.baseUrl);
      const cutAt = Date.now();
      proxy.cut();
      const told = await seekerToldCounsellorAway(seeker.page, cutAt);
      console.log(`network cut: the help-seeker was told after ${told} ms`);
      assert.ok(told < TOLD_WITHIN_MS, `told within ${TOLD_WITHIN_MS} ms (${told})`);
      // Inside the panel, not only in the header; the box says what is written waits.
      await panel.locator('.connection-note').waitFor({ state: 'visible' });
      await panel.locator('.waits-hint').waitFor({ state: 'visible' });
      await counsellorWrites(panel, `${name} co3`);
      await seekerWrites(seeker.page, `${name} hs3`);
      await seekerMessageWaits(seeker.page, `${name} hs3`);
      await staff.page.screenshot({ path: artifactPath('continuity-cut-console-offline-1280.png'), fullPage: true });
      await seeker.page.screenshot({ path: artifactPath('continuity-cut-seeker-away-360.png'), fullPage: true });
      // The states shown during the cut are readable by everyone (axe: nothing serious or critical).
      assert.equal(seriousViolations(await runAxe(staff.page)), '', 'the console while offline');
      assert.equal(seriousViolations(await runAxe(seeker.page)), '', 'the help-seeker while the counsellor is away');
      // Long enough for the console's pauses to reach their cap: several attempts refused.
      await proxy.waitForRefused(4, 30_000);
      const restoredAt = Date.now();
      proxy.restore();
      await staff.page.locator('#connection-state[data-state="connected"]').waitFor({ state: 'attached', timeout: CHAT_TIMEOUT_MS });
      const back = Date.now() - restoredAt;
      console.log(`network cut: the console was connected again ${back} ms after the network came back`);
      assert.ok(back < BACK_WITHIN_MS, `connected again within ${BACK_WITHIN_MS} ms (${back})`);
      await panel.locator('.connection-note').waitFor({ state: 'hidden' });
      await waitForDelivered(panel, 'mine', texts(name, 'co3'));
      await waitForDelivered(seeker.page.locator('#messages'), 'mine', texts(name, 'hs3'));
      await seekerWrites(seeker.page, `${name} hs4`);
      await counsellorWrites(panel, `${name} co4`);
      await waitForDelivered(seeker.page.locator('#messages'), 'mine', texts(name, 'hs4'));
      await waitForDelivered(panel, 'mine', texts(name, 'co4'));
      const now = await codes(seeker.page, panel);
      assert.deepEqual(now, { seeker: code, counsellor: code }, 'a blip in the same page keeps the channel (no new epoch)');
      assertOneConversation(await seekerLines(seeker.page), await panelLines(panel), {
        seekerWrote: texts(name, 'hs1', 'hs2', 'hs3', 'hs4'),
        counsellorWrote: texts(name, 'co1', 'co2', 'co3', 'co4'),
        consoleShows: texts(name, 'hs1', 'co1', 'hs2', 'co2', 'hs3', 'co3', 'hs4', 'co4'),
      });
      await screenshots(name, seeker.page, staff.page);
    } finally {
      await proxy.close();
    }
  });

  test('server restart (SIGKILL, same data and port): a new code on both sides, 0 lost, 0 twice, one order', async () => {
    const name = 'restart';
    const { staff, seeker, panel, code } = await chatWithHistory(name);
    await fixture.tillit.killAndRestart();
    await seekerWrites(seeker.page, `${name} hs3`);
    await counsellorWrites(panel, `${name} co3`);
    const newCode = await newCommonCode(seeker.page, panel, code);
    assert.notEqual(newCode, code);
    await seekerWrites(seeker.page, `${name} hs4`);
    await counsellorWrites(panel, `${name} co4`);
    await waitForDelivered(seeker.page.locator('#messages'), 'mine', texts(name, 'hs3', 'hs4'));
    await waitForDelivered(panel, 'mine', texts(name, 'co3', 'co4'));
    const all = texts(name, 'hs1', 'co1', 'hs2', 'co2', 'hs3', 'co3', 'hs4', 'co4');
    const console = await panelLines(panel);
    assertOneConversation(await seekerLines(seeker.page), console, {
      seekerWrote: texts(name, 'hs1', 'hs2', 'hs3', 'hs4'),
      counsellorWrote: texts(name, 'co1', 'co2', 'co3', 'co4'),
      consoleShows: console.map((line) => line.text).filter((text) => all.includes(text)),
    });
    assert.equal(console.length, all.length, 'the console, which kept its page, shows all eight');
    await screenshots(name, seeker.page, staff.page);
  });

  test('the help-seeker page asks before it is closed in a chat; the quick exit never asks', async () => {
    const { seeker } = await chatWithHistory('exit');
    const dialogs: string[] = [];
    seeker.page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss(); // "stay on the page"
    });
    const asked = seeker.page.waitForEvent('dialog', { timeout: CHAT_TIMEOUT_MS });
    await seeker.page.close({ runBeforeUnload: true });
    await asked;
    assert.deepEqual(dialogs, ['beforeunload'], 'asked before leaving a chat');
    assert.equal(seeker.page.isClosed(), false, 'and stayed when the person said so');

    const neutral = new URL(NEUTRAL_URL);
    await seeker.context.route((url) => url.host === neutral.host, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>n</title><p id="neutral">n</p>' }));
    dialogs.length = 0;
    await seeker.page.locator('#quick-exit').click();
    await seeker.page.waitForURL((url) => url.host === neutral.host, { timeout: CHAT_TIMEOUT_MS });
    await seeker.page.locator('#neutral').waitFor({ state: 'attached' });
    assert.deepEqual(dialogs, [], 'the quick exit never asks');
  });
});
