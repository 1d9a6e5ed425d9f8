// axe-core finds no serious or critical accessibility problem on any page or help-seeker screen
// that can be reached without a chat (language, lane, closed, the mailbox's writer and code entry;
// the staff login forms).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { setUpBrowserTests } from './harness';
import { PAGES, chooseLane, expectScreen, helpSeekerStart, helpSeekerToLaneScreen, openHelpSeeker, openStaffLogin,
  runAxe, seriousViolations } from './flows';
import { expectMailboxScreen, writerFromClosedScreen } from './mailbox_flows';

// Open hours, nobody on duty: "start" leads to the closed screen with its emergency numbers.
const fixture = setUpBrowserTests('accessibility', {
  hours: 'open',
  emergencyNumbers: [{ label: 'Polis, ambulans', number: '112' }, { label: 'Kvinnofridslinjen', number: '020-50 50 50' }],
});

async function assertAccessible(page: Page, what: string): Promise<void> {
  const problems = seriousViolations(await runAxe(page));
  if (problems !== '') console.log(`axe on ${what}:\n${problems}`);
  assert.equal(problems, '', `${what}: axe found serious or critical violations`);
}

describe('accessibility (axe-core: no serious or critical violation)', () => {
  test('each page as it first loads', async () => {
    const { page } = await fixture.participant();
    for (const { name, path } of PAGES) {
      await page.goto(path, { waitUntil: 'load' });
      await page.locator('main').waitFor({ state: 'attached' });
      await assertAccessible(page, name);
    }
  });

  test('the help-seeker language screen', async () => {
    const { page } = await fixture.participant();
    await openHelpSeeker(page);
    await assertAccessible(page, 'help-seeker language screen');
  });

  for (const language of ['sv', 'ar'] as const) {
    test(`the help-seeker lane screen (${language})`, async () => {
      const { page } = await fixture.participant();
      await helpSeekerToLaneScreen(page, language);
      await chooseLane(page, 'support');
      await assertAccessible(page, `help-seeker lane screen (${language})`);
    });
  }

  test('the help-seeker closed screen', async () => {
    const { page } = await fixture.participant();
    assert.equal(await helpSeekerStart(page, 'sv', 'support'), 'closed');
    await expectScreen(page, 'closed');
    await assertAccessible(page, 'help-seeker closed screen');
  });

  for (const language of ['sv', 'ar'] as const) {
    test(`the mailbox writer and code entry (${language})`, async () => {
      const { page } = await fixture.participant();
      await writerFromClosedScreen(page, language);
      await page.locator('#roster-status:not([data-state="loading"])').waitFor({ state: 'attached' });
      await assertAccessible(page, `mailbox writer (${language})`);
      await page.locator('#mailbox-write-back').click();
      await expectScreen(page, 'closed');
      await page.goto('/');
      await page.locator('#have-code').click();
      await expectMailboxScreen(page, 'mailbox-code');
      await page.locator('#code-input').fill('1234');
      await page.locator('#open-code').click();
      await page.locator('#mailbox-code-problem:not(:empty)').waitFor({ state: 'visible' });
      await assertAccessible(page, `mailbox code entry with its problem (${language})`);
    });
  }

  for (const path of ['/counsellor/', '/supervisor/'] as const) {
    test(`the login form of ${path}`, async () => {
      const { page } = await fixture.participant();
      await openStaffLogin(page, path);
      await assertAccessible(page, `${path} login form`);
    });
  }
});
