// The mailbox end to end against the real tillit-server (issue 16, "Proof"): at 360 px a
// help-seeker writes while the centre is closed and keeps the code; a counsellor logs in to the
// console, sees the thread with its reply-by time and answers; a second, fresh browser context
// types the code (as a person might: lower case, spaces), reads the verified reply and writes
// again; the counsellor sees the new letter; the help-seeker deletes the thread and its bytes are
// gone from the database file and its WAL. Plus the plain answer to a wrong code, and right to left.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import sodium from 'libsodium-wrappers';
import { deriveThreadKeys } from '../src/crypto/mailbox_keys';
import { normaliseReturnCode } from '../src/crypto/return_code';
import { toBase64Url } from '../src/crypto/encoding';
import { counsellorAccount, setUpBrowserTests } from './harness';
import { horizontalOverflow, openHelpSeeker } from './flows';
import {
  consoleLetters, counsellorWithMailbox, expectMailboxScreen, mailboxRow, openThreadWithCode, sendFirstLetter, threadLines,
  writerFromClosedScreen,
} from './mailbox_flows';

const COUNSELLOR = counsellorAccount('amina', 'a long password for amina 1');
const fixture = setUpBrowserTests('mailbox', { hours: 'closed', accounts: [COUNSELLOR] });
const PHONE = { viewport: { width: 360, height: 740 } };

/** Whether any file of the data folder (database, WAL, …) holds these bytes. */
function dataFolderHolds(bytes: Uint8Array): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []));
  const dir = fixture.tillit.dataDir;
  return existsSync(dir) ? walk(dir).filter((file) => readFileSync(file).includes(Buffer.from(bytes))) : [];
}

async function noHorizontalScroll(page: import('playwright-core').Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `${what}: no horizontal scrolling at 360 px (${scrollWidth} > ${innerWidth})`);
}

describe('the mailbox, end to end', () => {
  test('write while closed at 360 px, a counsellor answers, a fresh browser reads with the code and writes again, then deletes', async () => {
    // A counsellor who has logged in to the console once: their mailbox key is on the roster.
    const staff = await fixture.participant();
    await counsellorWithMailbox(staff.page, COUNSELLOR);

    // 1. The help-seeker, on a phone, while the centre is closed.
    const seeker = await fixture.participant(PHONE);
    await writerFromClosedScreen(seeker.page, 'sv');
    await noHorizontalScroll(seeker.page, 'the writer');
    const firstText = 'Jag behöver hjälp, marker-letter-one';
    const code = await sendFirstLetter(seeker.page, firstText);
    assert.notEqual((await seeker.page.locator('#letter-reply-by').innerText()).trim(), '', 'the reply-by time is said');
    await noHorizontalScroll(seeker.page, 'the sent screen');
    assert.equal(await seeker.page.locator('#return-code').innerText(), '', 'the code is not kept on the page after sending');
    await seeker.context.close();

    // Nothing readable in the data folder: not the letter, not the code.
    assert.deepEqual(fixture.tillit.searchDataDirFor([firstText, code, code.replace(/-/g, '')]), [], 'no plaintext, no code on disk');

    // 2. In the console: the thread waits with its reply-by time; the counsellor opens, reads, answers.
    await sodium.ready;
    const normalised = normaliseReturnCode(code);
    assert.ok(normalised.ok);
    const boxId = toBase64Url(deriveThreadKeys(normalised.value).boxId);
    const row = mailboxRow(staff.page, boxId);
    await row.and(staff.page.locator('[data-state="waiting"]')).waitFor({ state: 'visible' });
    assert.match((await row.locator('[data-testid="thread-due"]').textContent()) ?? '', /^4[78] h/, 'the time left of 48 hours');
    await row.locator('button.open-thread').click();
    await staff.page.locator('#mailbox-thread[data-state="claimed"]').waitFor({ state: 'visible' });
    assert.deepEqual(await consoleLetters(staff.page), [firstText], 'the counsellor reads the letter');
    await staff.page.locator('#mailbox-reply-input').fill('Hej, vi finns här. marker-reply');
    await staff.page.locator('#mailbox-reply-send').click();
    await staff.page.locator('#mailbox-thread[data-state="answered"]').waitFor({ state: 'visible' });
    await staff.page.locator('#mailbox-thread-close').click();

    // 3. A second, fresh browser context: the code typed loosely.
    const later = await fixture.participant(PHONE);
    await openThreadWithCode(later.page, ` ${code.toLowerCase().replace(/-/g, ' ')} `);
    await noHorizontalScroll(later.page, 'the thread');
    assert.deepEqual(await threadLines(later.page), [`mine: ${firstText}`, 'theirs: Hej, vi finns här. marker-reply']);
    assert.equal(await later.page.locator('#ask-chat').isVisible(), true, 'a live chat with the counsellor who answered can be asked for');
    await later.page.locator('#write-again-input').fill('Tack! marker-letter-two');
    await later.page.locator('#send-again').click();
    await later.page.locator('#thread-letters > li.letter[data-number="3"]').waitFor({ state: 'visible' });
    assert.deepEqual((await threadLines(later.page)).slice(2), ['mine: Tack! marker-letter-two']);

    // The counsellor sees the new letter: the thread waits for an answer again, and it reads.
    await row.and(staff.page.locator('[data-state="waiting"]')).waitFor({ state: 'visible' });
    await row.locator('button.open-thread').click();
    await staff.page.locator('#mailbox-thread[data-state="claimed"]').waitFor({ state: 'visible' });
    await staff.page.locator('#mailbox-letters li[data-testid="mailbox-letter"][data-number="3"]').waitFor({ state: 'visible' });
    assert.deepEqual(await consoleLetters(staff.page), [firstText, 'Hej, vi finns här. marker-reply', 'Tack! marker-letter-two']);
    await staff.page.locator('#mailbox-thread-close').click();

    // 4. Delete, with the confirm step; then the thread's bytes are gone from the files.
    const rawBoxId = deriveThreadKeys(normalised.value).boxId;
    assert.notDeepEqual(dataFolderHolds(rawBoxId), [], 'the thread is in the database before it is deleted');
    await later.page.locator('#delete-thread').click();
    await later.page.locator('#delete-confirm').waitFor({ state: 'visible' });
    await later.page.locator('#delete-yes').click();
    await expectMailboxScreen(later.page, 'mailbox-deleted');
    assert.deepEqual(dataFolderHolds(rawBoxId), [], 'the thread id is gone from the database file and the WAL');
    await row.waitFor({ state: 'detached' });  // and from the console's list

    // The code now opens nothing: the same plain answer as a wrong code.
    await later.page.locator('#mailbox-deleted-done').click();
    await openHelpSeeker(later.page);
    await later.page.locator('#have-code').click();
    await later.page.locator('#code-input').fill(code);
    await later.page.locator('#open-code').click();
    await later.page.locator('#mailbox-code-problem[data-problem="no_such_thread"]').waitFor({ state: 'visible' });
  });

  test('a code that is not a code is refused on the page; a wrong one gets the plain answer (Arabic, right to left, 360 px)', async () => {
    // A browser that speaks Arabic: the page starts in Arabic, right to left.
    const { page } = await fixture.participant({ ...PHONE, locale: 'ar' });
    await openHelpSeeker(page);
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.locator('#have-code').click();
    await expectMailboxScreen(page, 'mailbox-code');
    await page.locator('#code-input').fill('1234');
    await page.locator('#open-code').click();
    await page.locator('#mailbox-code-problem[data-problem="malformed_code"]').waitFor({ state: 'visible' });
    await page.locator('#code-input').fill('0000-0000-0000-0000-0000');
    await page.locator('#open-code').click();
    await page.locator('#mailbox-code-problem[data-problem="no_such_thread"]').waitFor({ state: 'visible' });
    await noHorizontalScroll(page, 'the code screen');
  });
});
