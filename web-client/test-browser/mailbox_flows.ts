// Steps through the help-seeker's mailbox screens and the console's mailbox by the DOM contract
// (DOM_CONTRACT.md, "Mailbox"):
// ids and data attributes, never translated text. Every wait has the context's default timeout.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Account } from './harness';
import { expectScreen, helpSeekerStart, openHelpSeeker, openStaffLogin, signIn, visibleScreens, type Language } from './flows';

export type MailboxScreen = 'mailbox-write' | 'mailbox-sent' | 'mailbox-code' | 'mailbox-thread' | 'mailbox-deleted';

/** Waits until #screen-NAME is visible, then checks that it is the only visible screen. */
export async function expectMailboxScreen(page: Page, screen: MailboxScreen): Promise<void> {
  await page.locator(`#screen-${screen}`).waitFor({ state: 'visible' });
  assert.deepEqual(await visibleScreens(page), [`screen-${screen}`], 'exactly one help-seeker screen is visible');
}

/** From a fresh page to the closed screen (nobody on duty or closed hours), then "write a letter". */
export async function writerFromClosedScreen(page: Page, language: Language = 'sv'): Promise<void> {
  assert.equal(await helpSeekerStart(page, language, 'support'), 'closed');
  await expectScreen(page, 'closed');
  await page.locator('#write-letter-closed').click();
  await expectMailboxScreen(page, 'mailbox-write');
}

/** On the writer: waits for a verified roster, writes, confirms the code, sends; returns the code shown. */
export async function sendFirstLetter(page: Page, text: string): Promise<string> {
  await page.locator('#roster-status[data-state="ready"]').waitFor({ state: 'attached' });
  const code = (await page.locator('#return-code').innerText()).trim();
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/, 'the code: five groups of four');
  assert.equal(await page.locator('#send-letter').getAttribute('aria-disabled'), 'true', 'Send is off until the code is confirmed');
  await page.locator('#letter-input').fill(text);
  await page.locator('#code-kept').check();
  assert.equal(await page.locator('#send-letter').getAttribute('aria-disabled'), 'false');
  await page.locator('#send-letter').click();
  await expectMailboxScreen(page, 'mailbox-sent');
  return code;
}

/** From a fresh page: "I have a code", the code typed as given, and the thread screen. */
export async function openThreadWithCode(page: Page, typed: string): Promise<void> {
  await openHelpSeeker(page);
  await page.locator('#have-code').click();
  await expectMailboxScreen(page, 'mailbox-code');
  await page.locator('#code-input').fill(typed);
  await page.locator('#open-code').click();
  await expectMailboxScreen(page, 'mailbox-thread');
}

/** The thread's letters as "mine: text" / "theirs: text" / "theirs: (not_verified)". */
export async function threadLines(page: Page): Promise<string[]> {
  return page.locator('#thread-letters > li.letter').evaluateAll((items) => items.map((item) => {
    const who = item.classList.contains('mine') ? 'mine' : 'theirs';
    const state = (item as HTMLElement).dataset.state;
    return state === 'opened' ? `${who}: ${item.querySelector('.letter-text')?.textContent ?? ''}` : `${who}: (${state})`;
  }));
}

/** Signs a counsellor in to the console and waits until their mailbox key is ready (made at the first sign-in). */
export async function counsellorWithMailbox(page: Page, account: Pick<Account, 'name' | 'password'>): Promise<void> {
  await openStaffLogin(page, '/counsellor/');
  await signIn(page, account);
  await page.locator('#key-state[data-state="certified"]').waitFor({ state: 'attached', timeout: 30_000 });
  await page.locator('#mailbox-key-state[data-state="ready"]').waitFor({ state: 'attached' });
}

/** The console's row of one thread in the mailbox list. */
export const mailboxRow = (page: Page, boxId: string) => page.locator(`li[data-testid="mailbox-thread"][data-box-id="${boxId}"]`);

/** The console's open thread: each letter's text, by number. */
export async function consoleLetters(page: Page): Promise<string[]> {
  return page.locator('#mailbox-letters li[data-testid="mailbox-letter"] .letter-text').allInnerTexts();
}
