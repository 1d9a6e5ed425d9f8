// Steps and checks for the browser tests of a chat that must go on through a disruption (a
// reload, a new tab, a network cut, a server restart, a counsellor gone past the grace period):
// both sides' message logs read by the DOM contract, writing on each side, and the checks that
// nothing was lost, nothing shown twice and both sides show one order.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { goOnDuty, openStaffLogin, signIn } from './flows';
import type { Account } from './harness';

/** One line of a chat log as the person sees it. */
export interface Line { from: 'mine' | 'theirs'; text: string; state: string }

/** Generous: a handshake and a resend on a busy two-core machine. */
export const CHAT_TIMEOUT_MS = 30_000;

/** The help-seeker's log, in the order shown. */
export async function seekerLines(page: Page): Promise<Line[]> {
  return readLines(page.locator('#messages li.message'));
}

/** A console panel's log, in the order shown. */
export async function panelLines(panel: Locator): Promise<Line[]> {
  return readLines(panel.locator('ol.messages li.message'));
}

async function readLines(items: Locator): Promise<Line[]> {
  return items.evaluateAll((elements) => elements.map((element) => ({
    from: element.classList.contains('mine') ? 'mine' as const : 'theirs' as const,
    text: element.querySelector('.message-text')?.textContent ?? '',
    state: element.querySelector<HTMLElement>('.delivery')?.dataset.state ?? '',
  })));
}

/** Signs a counsellor in on an open console page (new or reloaded) and goes on duty. */
export async function counsellorOnDuty(page: Page, account: Pick<Account, 'name' | 'password'>): Promise<void> {
  await openStaffLogin(page, '/counsellor/');
  await signIn(page, account);
  await page.locator('#key-state[data-state="certified"]').waitFor({ state: 'attached', timeout: 30_000 });
  await goOnDuty(page);
}

/** The help-seeker writes and sends one message (the box is open throughout a chat). */
export async function seekerWrites(page: Page, text: string): Promise<void> {
  const input = page.locator('#message-input');
  await input.and(page.locator(':enabled')).waitFor({ state: 'visible', timeout: CHAT_TIMEOUT_MS });
  await input.fill(text);
  await page.locator('#send').click();
  await page.locator('#messages li.message.mine .message-text', { hasText: text }).waitFor({ state: 'visible' });
}

/** The counsellor writes and sends one message in a panel. */
export async function counsellorWrites(panel: Locator, text: string): Promise<void> {
  const input = panel.locator('textarea.message-input');
  await input.waitFor({ state: 'visible', timeout: CHAT_TIMEOUT_MS });
  await input.fill(text);
  await panel.locator('button.send:enabled').click({ timeout: CHAT_TIMEOUT_MS });
  await panel.locator('li.message.mine .message-text', { hasText: text }).waitFor({ state: 'visible' });
}

/** Waits until each text is in the log as the given side's, delivered when it is our own. */
export async function waitForDelivered(log: Locator, from: 'mine' | 'theirs', texts: readonly string[]): Promise<void> {
  for (const text of texts) {
    const line = log.locator(`li.message.${from}`).filter({ has: log.page().locator('.message-text', { hasText: text }) });
    const target = from === 'mine' ? line.locator('.delivery[data-state="delivered"]') : line;
    await target.first().waitFor({ state: 'attached', timeout: CHAT_TIMEOUT_MS });
  }
}

/** The 6-digit code each side shows now (the help-seeker's behind its button). */
export async function codes(seeker: Page, panel: Locator): Promise<{ seeker: string; counsellor: string }> {
  await panel.locator('.verification-code').and(panel.locator('[data-code]:not([data-code=""])'))
    .waitFor({ state: 'attached', timeout: CHAT_TIMEOUT_MS });
  await seeker.locator('#verification-code:not([data-code=""])').waitFor({ state: 'attached', timeout: CHAT_TIMEOUT_MS });
  return {
    seeker: (await seeker.locator('#verification-code').getAttribute('data-code')) ?? '',
    counsellor: (await panel.locator('.verification-code').getAttribute('data-code')) ?? '',
  };
}

/** Waits until both sides show a code that differs from `old` (a new key agreement), checks they are one, and returns it. */
export async function newCommonCode(seeker: Page, panel: Locator, old: string): Promise<string> {
  await seeker.waitForFunction(([previous]) => {
    const code = document.querySelector('#verification-code')?.getAttribute('data-code') ?? '';
    return /^\d{6}$/.test(code) && code !== previous;
  }, [old], { timeout: CHAT_TIMEOUT_MS });
  const chat = await panel.getAttribute('data-chat');
  await panel.page().waitForFunction(([id, previous]) => {
    const code = document.querySelector(`section.chat[data-chat="${id}"] .verification-code`)?.getAttribute('data-code') ?? '';
    return /^\d{6}$/.test(code) && code !== previous;
  }, [chat, old], { timeout: CHAT_TIMEOUT_MS });
  const now = await codes(seeker, panel);
  assert.equal(now.seeker, now.counsellor, 'both sides show the same new code');
  return now.seeker;
}

/**
 * The checks of issue 20: every text in `seekerSees` is on the help-seeker's page exactly once,
 * every text in `counsellorSees` on the console exactly once (from the right side), and the lines
 * both show are in the same order.
 */
export function assertOneConversation(seeker: Line[], console: Line[], expected: {
  seekerWrote: readonly string[]; counsellorWrote: readonly string[]; consoleShows: readonly string[];
}): void {
  const count = (lines: Line[], text: string, from: 'mine' | 'theirs') =>
    lines.filter((line) => line.text === text && line.from === from).length;
  for (const text of expected.seekerWrote) {
    assert.equal(count(seeker, text, 'mine'), 1, `the help-seeker sees "${text}" once: ${JSON.stringify(seeker)}`);
    if (expected.consoleShows.includes(text)) {
      assert.equal(count(console, text, 'theirs'), 1, `the console sees "${text}" once: ${JSON.stringify(console)}`);
    }
  }
  for (const text of expected.counsellorWrote) {
    assert.equal(count(seeker, text, 'theirs'), 1, `the help-seeker sees "${text}" once (nothing lost): ${JSON.stringify(seeker)}`);
    if (expected.consoleShows.includes(text)) {
      assert.equal(count(console, text, 'mine'), 1, `the console sees its "${text}" once: ${JSON.stringify(console)}`);
    }
  }
  assert.equal(seeker.length, expected.seekerWrote.length + expected.counsellorWrote.length, 'nothing else, nothing twice');
  assert.equal(console.length, expected.consoleShows.length, `the console shows exactly ${expected.consoleShows.join(', ')}`);
  const shared = new Set(console.map((line) => line.text));
  assert.deepEqual(seeker.filter((line) => shared.has(line.text)).map((line) => line.text), console.map((line) => line.text),
    'both sides in the same order');
  for (const line of [...seeker, ...console]) {
    if (line.from === 'mine') assert.equal(line.state, 'delivered', `"${line.text}" is delivered`);
  }
}

/**
 * Resolves with the milliseconds from `since` until the help-seeker is told that the
 * counsellor's connection dropped (#peer-state, data-state "away").
 */
export async function seekerToldCounsellorAway(seeker: Page, since: number): Promise<number> {
  await seeker.locator('#peer-state[data-state="away"]').waitFor({ state: 'visible', timeout: CHAT_TIMEOUT_MS });
  return Date.now() - since;
}
