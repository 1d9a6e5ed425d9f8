// The mailbox's ways in around a live chat, against the real tillit-server: a help-seeker in the
// waiting room writes a letter instead and keeps the place in the queue (the counsellor becomes
// free and the chat starts); the help-seeker whose chat ended is offered "keep in touch" with that
// counsellor and writes to them; a thread's "ask for a live chat" joins the queue. Letters go to a counsellor with a mailbox key (mailbox_counsellor.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { counsellorAccount, setUpBrowserTests } from './harness';
import { counsellorOnDuty } from './chat_flows';
import { expectScreen, helpSeekerStart } from './flows';
import { ProtocolCounsellor } from './mailbox_counsellor';
import { expectMailboxScreen, openThreadWithCode, sendFirstLetter, threadLines } from './mailbox_flows';

const ON_DUTY = counsellorAccount('chat-counsellor', 'a long passphrase for chats');
const LETTERS = counsellorAccount('letter-counsellor', 'a long passphrase for letters');
const fixture = setUpBrowserTests('mailbox_entries', { hours: 'open', accounts: [ON_DUTY, LETTERS] });
const PHONE = { viewport: { width: 360, height: 740 } };

describe('the mailbox around a live chat', () => {
  test('write instead from the waiting room keeps the place; "keep in touch" after the chat names the counsellor', async () => {
    const letters = await fixture.participant();
    await letters.page.goto('/healthz');
    const answerer = await ProtocolCounsellor.start(letters.page, LETTERS);

    // One counsellor on duty with room for one chat: the first help-seeker chats, the second waits.
    const staff = await fixture.participant();
    await counsellorOnDuty(staff.page, ON_DUTY);
    await staff.page.locator('#capacity').selectOption('1');
    const first = await fixture.participant(PHONE);
    assert.equal(await helpSeekerStart(first.page, 'sv', 'support'), 'chat');
    const second = await fixture.participant(PHONE);
    assert.equal(await helpSeekerStart(second.page, 'en', 'support'), 'waiting');

    // The second writes a letter meanwhile, then goes back to the waiting room.
    await second.page.locator('#write-letter-waiting').click();
    await expectMailboxScreen(second.page, 'mailbox-write');
    const code = await sendFirstLetter(second.page, 'Written while waiting, marker-waiting');
    await second.page.locator('#mailbox-sent-done').click();
    await expectScreen(second.page, 'waiting');
    const { read } = await answerer.answerWaitingThread('Thank you for writing.');
    assert.deepEqual(read, ['Written while waiting, marker-waiting'], 'the letter arrived');

    // The first chat ends; the counsellor tags it and is free: the second, still queued, gets the chat.
    const panel = staff.page.locator('section.chat');
    await panel.locator('textarea.message-input').and(staff.page.locator(':enabled')).waitFor({ state: 'visible', timeout: 30_000 });
    await first.page.locator('#end-chat').click();
    await expectScreen(first.page, 'ended');
    const tags = panel.locator('form.tags');
    await tags.waitFor({ state: 'visible' });
    await tags.locator('select[name="outcome"]').selectOption('supported');
    await tags.locator('[type="submit"]').click();
    await expectScreen(second.page, 'chat');

    // "Keep in touch" on the ended screen: the writer says the letter goes to that counsellor first.
    const keep = first.page.locator('#keep-in-touch');
    await keep.waitFor({ state: 'visible' });
    assert.ok((await keep.innerText()).includes(ON_DUTY.name), 'the button names the counsellor of the chat');
    await keep.click();
    await expectMailboxScreen(first.page, 'mailbox-write');
    assert.ok((await first.page.locator('#letter-counsellor').innerText()).includes(ON_DUTY.name));
    await sendFirstLetter(first.page, 'After our chat, marker-keep-in-touch');

    // Later, elsewhere: the code opens the answered thread, and "ask for a live chat" with the
    // counsellor who answered joins the queue with the thread (they are not on duty, and the one
    // who is has no room: the waiting room).
    const later = await fixture.participant(PHONE);
    await openThreadWithCode(later.page, code);
    assert.deepEqual(await threadLines(later.page), ['mine: Written while waiting, marker-waiting', 'theirs: Thank you for writing.']);
    const ask = later.page.locator('#ask-chat');
    assert.ok((await ask.innerText()).includes(LETTERS.name), 'the button names the counsellor who answered');
    await ask.click();
    await expectScreen(later.page, 'waiting');
  });
});
