// A help-seeker and a counsellor, each in a browser context of their own, have a whole encrypted
// chat through the real server: each sees the other's words and the same verification code, the
// delivery state reaches "delivered", typing shows, the end reaches the counsellor, who tags the
// chat; a supervisor watches the counts change meanwhile; and afterwards nothing the server wrote
// holds a word of it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { counsellorAccount, supervisorAccount, setUpBrowserTests } from './harness';
import { expectScreen, goOnDuty, helpSeekerStart, openStaffLogin, signIn } from './flows';

const counsellor = counsellorAccount('chat-counsellor', 'a long counsellor passphrase');
const supervisor = supervisorAccount('chat-supervisor', 'a long supervisor passphrase');
const fixture = setUpBrowserTests('encrypted_chat', { hours: 'open', accounts: [counsellor, supervisor] });

// Words that must reach the other side and must never reach the server's disk or log.
const FROM_HELP_SEEKER = 'canary-hs-9f3e: jag vågar inte gå hem ikväll';
const FROM_COUNSELLOR = 'canary-co-51d7: du har gjort rätt som skriver, jag finns här';

/** Waits until `count` reads `expected` (a live number on the dashboard). */
async function waitForNumber(count: Locator, expected: number): Promise<void> {
  await count.filter({ hasText: new RegExp(`^\\s*${expected}\\s*$`) }).waitFor({ state: 'visible' });
}

async function signedInCounsellorOnDuty(page: Page): Promise<void> {
  await openStaffLogin(page, '/counsellor/');
  await signIn(page, counsellor);
  // The demo's development mode certifies the new identity key at once.
  await page.locator('#key-state[data-state="certified"]').waitFor({ state: 'attached', timeout: 30_000 });
  await goOnDuty(page);
}

describe('an end-to-end encrypted chat between two browsers', () => {
  test('both read each other, compare the same code, and the server keeps no word of it', async () => {
    const staff = await fixture.participant();
    const seeker = await fixture.participant({ viewport: { width: 360, height: 740 } });
    const watcher = await fixture.participant();

    await openStaffLogin(watcher.page, '/supervisor/');
    await signIn(watcher.page, supervisor);
    const dashboard = watcher.page.locator('#dashboard');
    await dashboard.waitFor({ state: 'visible' });
    await waitForNumber(watcher.page.locator('#chats-in-progress'), 0);

    await signedInCounsellorOnDuty(staff.page);
    await waitForNumber(watcher.page.locator('#counsellors-free'), 1);

    // The help-seeker is paired at once: a counsellor serving the lane and language is free.
    assert.equal(await helpSeekerStart(seeker.page, 'sv', 'support'), 'chat');
    const panel = staff.page.locator('section.chat');
    await panel.waitFor({ state: 'visible' });
    assert.equal(await panel.count(), 1);
    await waitForNumber(watcher.page.locator('#chats-in-progress'), 1);

    // Both inputs open only once the handshake is done on both sides.
    const seekerInput = seeker.page.locator('#message-input');
    const staffInput = panel.locator('textarea.message-input');
    await seekerInput.and(seeker.page.locator(':enabled')).waitFor({ state: 'visible', timeout: 20_000 });
    await staffInput.and(staff.page.locator(':enabled')).waitFor({ state: 'visible', timeout: 20_000 });

    await seekerInput.fill(FROM_HELP_SEEKER);
    await seeker.page.locator('#send').click();
    await panel.locator('li.message.theirs .message-text', { hasText: FROM_HELP_SEEKER }).waitFor({ state: 'visible' });
    await seeker.page.locator('li.message.mine .delivery[data-state="delivered"]').waitFor({ state: 'attached' });

    // The counsellor types: the help-seeker sees it, then the reply.
    await staffInput.pressSequentially('du ', { delay: 20 });
    await seeker.page.locator('#typing').waitFor({ state: 'visible' });
    await staffInput.fill(FROM_COUNSELLOR);
    await panel.locator('button.send').click();
    await seeker.page.locator('li.message.theirs .message-text', { hasText: FROM_COUNSELLOR }).waitFor({ state: 'visible' });
    await panel.locator('li.message.mine .delivery[data-state="delivered"]').waitFor({ state: 'attached' });

    // The verification code: six digits, the same on both screens.
    await seeker.page.locator('#show-code').click();
    const seekerCode = await seeker.page.locator('#verification-code').getAttribute('data-code');
    const staffCode = await panel.locator('.verification-code').getAttribute('data-code');
    assert.match(seekerCode ?? '', /^\d{6}$/);
    assert.equal(seekerCode, staffCode, 'both people see the same verification code');
    assert.ok((await seeker.page.locator('#verification-code').innerText()).replace(/\D/g, '').includes(seekerCode!));

    // The help-seeker ends the chat; the counsellor is told and tags it, which closes the panel.
    await seeker.page.locator('#end-chat').click();
    await expectScreen(seeker.page, 'ended');
    const tags = panel.locator('form.tags');
    await tags.waitFor({ state: 'visible' });
    await tags.locator('select[name="outcome"]').selectOption('supported');
    await tags.locator('[type="submit"]').click();
    await panel.waitFor({ state: 'detached' });
    await waitForNumber(watcher.page.locator('#chats-in-progress'), 0);

    // The dashboard never shows words of the chat.
    const board = await dashboard.innerText();
    for (const words of [FROM_HELP_SEEKER, FROM_COUNSELLOR]) assert.ok(!board.includes(words));

    // Stop the server so the write-ahead log is checkpointed, then search all it wrote.
    await fixture.tillit.stop();
    const markers = ['canary-hs-9f3e', 'canary-co-51d7', 'jag vågar inte', 'jag finns här'];
    assert.deepEqual(fixture.tillit.searchDataDirFor(markers), [], 'no plaintext in the database, WAL, secrets or log');
  });
});
