// The counsellor console's mailbox against the real server (issue 16): a letter written through
// the protocol (as the help-seeker's page writes it: sealed here with the same crypto, sent over
// a WebSocket of a help-seeker's page) shows up in a counsellor's console with its reply-by time;
// the counsellor opens it, reads it and answers; a second counsellor sees it claimed and cannot
// take it; the help-seeker's code opens the reply; and a supervisor's dashboard counts the letter
// waiting, then answered today, and its statistics show the letter, the reply and a thread
// answered in time (the letters chart and its table columns). The full help-seeker round (its own pages)
// is the help-seeker helper's test.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { cryptoReady } from '../src/crypto/keys';
import { helpSeekerLetterBody, openLetter, sealLetter } from '../src/crypto/letter';
import { deriveThreadKeys } from '../src/crypto/mailbox_keys';
import { makeReturnCode } from '../src/crypto/return_code';
import { counsellorAccount, setUpBrowserTests, supervisorAccount } from './harness';
import { openStaffLogin, signIn } from './flows';

const anna = counsellorAccount('mail-anna', 'a long passphrase for anna');
const sam = counsellorAccount('mail-sam', 'a long passphrase for sam');
const boss = supervisorAccount('mail-boss', 'a long passphrase for the supervisor');
const fixture = setUpBrowserTests('console_mailbox', { hours: 'closed', accounts: [anna, sam, boss] });

const LETTER = 'canary-letter-4b1c: jag kan inte prata nu, kan ni svara här?';
const REPLY = 'canary-reply-77e2: vi har läst ditt brev. Du är inte ensam.';

type Message = Record<string, any>;

/** A help-seeker's WebSocket, opened from a page of the server's origin; request() waits for the answer of `type` (or an error). */
async function seekerSocket(page: Page) {
  await page.goto('/');
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(`ws://${location.host}/ws`);
    const state = window as unknown as { inbox: unknown[]; socket: WebSocket };
    state.inbox = [];
    state.socket = socket;
    socket.onmessage = (event) => state.inbox.push(JSON.parse(String(event.data)));
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error('the WebSocket did not open'));
  }));
  return async (message: Message, type: string): Promise<Message> => {
    await page.evaluate((m) => (window as unknown as { socket: WebSocket }).socket.send(JSON.stringify(m)), message);
    const answer = await page.waitForFunction((wanted) => {
      const inbox = (window as unknown as { inbox: Message[] }).inbox;
      const i = inbox.findIndex((m) => m.type === wanted || m.type === 'error');
      return i < 0 ? undefined : inbox.splice(i, 1)[0];
    }, type);
    const value = await answer.jsonValue() as Message;
    assert.equal(value.type, type, `answer to ${String(message.type)}: ${JSON.stringify(value)}`);
    return value;
  };
}

/** Signs a counsellor in and waits until their mailbox key is ready (made at the first sign-in). */
async function counsellorWithMailbox(page: Page, account: typeof anna): Promise<void> {
  await openStaffLogin(page, '/counsellor/');
  await signIn(page, account);
  await page.locator('#key-state[data-state="certified"]').waitFor({ state: 'attached', timeout: 30_000 });
  await page.locator('#mailbox-key-state[data-state="ready"]').waitFor({ state: 'attached' });
}

/** Waits until the dashboard's number `id` reads `expected`. */
async function waitForNumber(page: Page, id: string, expected: number): Promise<void> {
  await page.locator(`#${id}`).filter({ hasText: new RegExp(`^\\s*${expected}\\s*$`) }).waitFor({ state: 'visible' });
}

/** The 24-hour table's mailbox columns summed (the letter and the reply may fall in two hours). */
async function mailSums(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const sum = (column: string) => [...document.querySelectorAll(`#stats-table tbody td[data-column="${column}"]`)]
      .reduce((total, cell) => total + (Number(cell.textContent) || 0), 0);
    return { letters: sum('letters'), replies: sum('replies'), answeredInTime: sum('answeredInTime'), answeredLate: sum('answeredLate') };
  });
}

/** Asks for the 24-hour statistics until the mailbox columns read `expected` (a request a second, bounded). */
async function waitForMailStats(page: Page, expected: Record<string, number>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.locator('#stats-range-24h').click();
    const got = await page.waitForFunction(async (want) => {
      const cells = document.querySelectorAll('#stats-table tbody td[data-column="letters"]');
      return cells.length > 0 && [...cells].reduce((t, c) => t + (Number(c.textContent) || 0), 0) === want;
    }, expected.letters, { timeout: 1_000 }).then(() => true, () => false);
    if (got && JSON.stringify(await mailSums(page)) === JSON.stringify(expected)) return;
    if (Date.now() > deadline) assert.fail(`the statistics never showed ${JSON.stringify(expected)}: ${JSON.stringify(await mailSums(page))}`);
  }
}

describe('the mailbox in the counsellor console', () => {
  test('a letter shows with its reply-by time, is read and answered; a colleague sees it claimed', async () => {
    await cryptoReady();
    const first = await fixture.participant();
    const second = await fixture.participant();
    const seeker = await fixture.participant({ viewport: { width: 360, height: 740 } });
    const watcher = await fixture.participant();
    await openStaffLogin(watcher.page, '/supervisor/');
    await signIn(watcher.page, boss);
    await waitForNumber(watcher.page, 'mailbox-waiting', 0);
    await counsellorWithMailbox(first.page, anna);
    await counsellorWithMailbox(second.page, sam);

    // The help-seeker's side: the roster, then a letter sealed to every counsellor's mailbox key and to HK.
    const request = await seekerSocket(seeker.page);
    const roster = await request({ type: 'mailbox_roster', lane: 'support' }, 'mailbox_roster');
    const names = (roster.counsellors as Message[]).map((entry) => entry.pseudonym).sort();
    assert.deepEqual(names, [anna.name, sam.name], 'both counsellors have a mailbox key on the roster');
    const code = makeReturnCode();
    const thread = deriveThreadKeys(code);
    const readers = [...(roster.counsellors as Message[]).map((entry) => fromBase64Url(entry.mailbox_key)), thread.threadKey.publicKey];
    const sealed = sealLetter(helpSeekerLetterBody(LETTER, thread.threadKey.publicKey), thread.boxId, 1, 'to_centre', thread.threadKey, readers);
    assert.ok(sealed.ok);
    const boxId = toBase64Url(thread.boxId);
    const saved = await request({
      type: 'letter_new', box_id: boxId, box_auth: toBase64Url(thread.boxAuth), thread_key: toBase64Url(thread.threadKey.publicKey),
      lane: 'support', language: 'sv', age_band: '18-25', topic: 'honour', ciphertext: toBase64Url(sealed.value.ciphertext),
      envelopes: sealed.value.envelopes.map((e) => ({ to: toBase64Url(e.to), box: toBase64Url(e.box) })),
    }, 'letter_saved');
    const hoursLeft = Math.floor((saved.reply_by - Date.now() / 1000) / 3600);

    await waitForNumber(watcher.page, 'mailbox-waiting', 1);
    await waitForNumber(watcher.page, 'mailbox-past-reply-by', 0);

    // Both consoles list it with the time left of its reply time.
    const row = (page: Page) => page.locator(`li[data-testid="mailbox-thread"][data-box-id="${boxId}"]`);
    for (const page of [first.page, second.page]) {
      await row(page).waitFor({ state: 'visible' });
      assert.equal(await row(page).getAttribute('data-overdue'), 'false');
      const due = (await row(page).locator('[data-testid="thread-due"]').textContent()) ?? '';
      assert.match(due, new RegExp(`^(${hoursLeft}|${hoursLeft + 1}) h`), `"${due}" says how long is left of the reply time`);
    }

    // Anna opens it: hers for a few minutes, and the letter reads as written.
    await row(first.page).locator('button.open-thread').click();
    const open = first.page.locator('#mailbox-thread');
    await first.page.locator('#mailbox-thread[data-state="claimed"]').waitFor({ state: 'visible' });
    assert.equal(await open.getAttribute('data-box-id'), boxId);
    const letter = first.page.locator('li[data-testid="mailbox-letter"][data-number="1"]');
    assert.equal((await letter.locator('.letter-text').textContent())?.trim(), LETTER);

    // Sam sees who is answering, and opening it is refused with her name.
    await row(second.page).locator('[data-testid="thread-claim"]').filter({ hasText: anna.name }).waitFor({ state: 'visible' });
    await row(second.page).locator('button.open-thread').click();
    await second.page.locator('#mailbox-thread[data-state="taken"]').waitFor({ state: 'visible' });
    assert.match((await second.page.locator('#mailbox-thread-state').textContent()) ?? '', new RegExp(anna.name));
    assert.equal(await second.page.locator('#mailbox-reply-form').isVisible(), false, 'no reply box for a claimed thread');
    assert.equal(await second.page.locator('li[data-testid="mailbox-letter"]').count(), 0, 'nothing of it is shown');

    // Anna answers.
    await first.page.locator('#mailbox-reply-input').fill(REPLY);
    await first.page.locator('#mailbox-reply-send').click();
    await first.page.locator('#mailbox-thread[data-state="answered"]').waitFor({ state: 'visible' });
    await first.page.locator('#mailbox-thread-close').click();
    await row(first.page).and(first.page.locator('[data-state="answered"]')).waitFor({ state: 'visible' });

    await waitForNumber(watcher.page, 'mailbox-waiting', 0);
    await waitForNumber(watcher.page, 'mailbox-answered-today', 1);

    // The code opens the reply, sealed by Anna's mailbox key.
    const opened = await request({ type: 'mailbox_open', box_id: boxId, box_auth: toBase64Url(thread.boxAuth) }, 'thread');
    const reply = (opened.letters as Message[]).find((l) => l.number === 2);
    assert.ok(reply, 'the reply is letter 2');
    assert.equal(reply.from, 'counsellor');
    assert.equal(reply.author?.pseudonym, anna.name);
    const text = openLetter(fromBase64Url(reply.ciphertext), fromBase64Url(reply.envelope), thread.boxId, 2, 'to_help_seeker',
      fromBase64Url(reply.author.mailbox_key), thread.threadKey.secretKey);
    assert.ok(text.ok, `the help-seeker opens the reply: ${text.ok ? '' : text.error}`);
    assert.equal(text.value.text, REPLY);

    // Nothing the server wrote holds a word of either.
    assert.deepEqual(fixture.tillit.searchDataDirFor([LETTER, REPLY, code]), []);
  });

  // The server of this file has seen exactly the round above: one letter, one reply, answered in time.
  test('the statistics show the letter, the reply and the thread answered in time in the letters chart', async () => {
    const watcher = await fixture.participant();
    await openStaffLogin(watcher.page, '/supervisor/');
    await signIn(watcher.page, boss);
    await waitForMailStats(watcher.page, { letters: 1, replies: 1, answeredInTime: 1, answeredLate: 0 });
    assert.equal(await watcher.page.locator('#chart-letters-figure').isVisible(), true, 'the letters chart shows');
    const canvas = await watcher.page.locator('#chart-letters canvas').first().boundingBox();
    assert.ok(canvas && canvas.width > 50 && canvas.height > 50, 'the letters chart is drawn');
    assert.match((await watcher.page.locator('#chart-letters').getAttribute('aria-label')) ?? '', /1 /, 'with a text alternative');
  });
});
