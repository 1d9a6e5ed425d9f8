// The help-seeker's mailbox (src/help-seeker/mailbox/) through its rig (help_seeker_mailbox_rig.ts): a first
// letter only to verified counsellors with the code shown once and confirmed, a typed code that
// forgives case, spaces and look-alikes, a thread whose replies show only when their author
// verifies, writing again (with one retry after a reply came in between), deleting, the server's
// refusals in plain words, and a live chat asked for with the thread. Real crypto throughout.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { helpSeekerLetterBody, openLetter, sealLetter } from '../src/crypto/letter';
import { deriveThreadKeys } from '../src/crypto/mailbox_keys';
import { normaliseReturnCode } from '../src/crypto/return_code';
import { b64, mailCounsellor, MailboxRig, now, otherRoot, reply, root, unb64 } from './help_seeker_mailbox_rig';
import { Rig } from './help_seeker_rig';

const CODE = '7K3MQ9XD2HRTVW4BZP8N';
const keysOf = (code = CODE) => deriveThreadKeys(code);

/** The help-seeker's own letter as the server keeps it (its self copy addressed to the thread key). */
function ownLetter(text: string, number: number, code = CODE): Record<string, unknown> {
  const keys = keysOf(code);
  const sealed = sealLetter(helpSeekerLetterBody(text, keys.threadKey.publicKey), keys.boxId, number, 'to_centre', keys.threadKey,
    [keys.threadKey.publicKey]);
  assert.ok(sealed.ok);
  return { number, from: 'help_seeker', hour: now() - (now() % 3600), ciphertext: b64(sealed.value.ciphertext),
    envelope: b64(sealed.value.envelopes[0]!.box), author: null };
}

function thread(letters: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const keys = keysOf();
  return { type: 'thread', box_id: b64(keys.boxId), lane: 'support', language: 'en', reply_by: null, answered_by: null, letters,
    revocation_list: null, ...extra };
}

/** A rig on the thread screen of CODE, typed as a person might. */
function openThread(rig: MailboxRig, letters: Record<string, unknown>[], extra: Record<string, unknown> = {}): void {
  rig.app.haveCode();
  rig.app.openCode(' 7k3m q9xd-2hrt vw4b zp8n ');
  rig.connect();
  rig.answer(thread(letters, extra));
  assert.equal(rig.view.screen, 'mailbox-thread');
}

describe('mailbox: writing a first letter', () => {
  test('the code is shown once; Send needs the confirmation; the letter goes only to verified counsellors and the thread key', () => {
    const rig = new MailboxRig();
    const amina = mailCounsellor('Amina');
    const forged = mailCounsellor('Forged', { certifiedBy: otherRoot });
    rig.app.writeLetter();
    assert.equal(rig.view.screen, 'mailbox-write');
    rig.app.sendLetter('Too early', true);
    assert.deepEqual(rig.sent, [], 'nothing is sent while the roster is not yet verified');
    assert.match(rig.view.code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/, 'five groups of four, Crockford base32');
    rig.connect();
    assert.deepEqual(rig.sent, [{ type: 'mailbox_roster', lane: 'support' }], 'the roster of the lane chosen on the lane screen');
    rig.roster([amina, forged], { hours: 24 });
    assert.deepEqual(rig.view.roster, { state: 'ready', refused: 1, replyWithinHours: 24 }, 'the forged entry is refused and said so');

    rig.app.sendLetter('Hello, I need help', false);
    assert.equal(rig.view.problem, 'confirm_first');
    assert.equal(rig.sent.length, 1, 'nothing sent before the code is confirmed');

    rig.app.sendLetter('Hello, I need help', true);
    const letter = rig.last();
    assert.equal(letter.type, 'letter_new');
    assert.equal(letter.lane, 'support');
    assert.equal(letter.language, 'en');
    assert.equal(letter.age_band, '18-25');
    assert.equal('topic' in letter, false, 'no topic chosen: none sent');
    assert.equal('counsellor' in letter, false);
    const keys = keysOf(normaliseReturnCode(rig.view.code).ok ? (normaliseReturnCode(rig.view.code) as { value: string }).value : '');
    assert.equal(letter.box_id, b64(keys.boxId), 'box_id and box_auth come from the code shown');
    assert.equal(letter.box_auth, b64(keys.boxAuth));
    assert.equal(letter.thread_key, b64(keys.threadKey.publicKey));
    const envelopes = letter.envelopes as { to: string; box: string }[];
    assert.deepEqual(envelopes.map((e) => e.to).sort(), [b64(amina.mk.publicKey), b64(keys.threadKey.publicKey)].sort(),
      'Amina and the self copy; never the forged counsellor');
    const toAmina = envelopes.find((e) => e.to === b64(amina.mk.publicKey))!;
    const opened = openLetter(unb64(letter.ciphertext as string), unb64(toAmina.box), keys.boxId, 1, 'to_centre',
      keys.threadKey.publicKey, amina.mk.secretKey);
    assert.ok(opened.ok);
    assert.equal(opened.value.text, 'Hello, I need help', 'Amina reads it with her mailbox key');

    const replyBy = now() + 48 * 3600;
    rig.answer({ type: 'letter_saved', box_id: letter.box_id, number: 1, reply_by: replyBy });
    assert.equal(rig.view.screen, 'mailbox-sent');
    assert.equal(rig.view.sentReplyBy, replyBy);
    assert.equal(rig.stops, 1, 'the mailbox connection is closed after the letter is saved');
  });

  test('no verified counsellor: the page says so and refuses to send (never a plaintext fallback)', () => {
    const rig = new MailboxRig();
    rig.app.writeLetter();
    rig.connect();
    rig.roster([mailCounsellor('Forged', { certifiedBy: otherRoot }), mailCounsellor('Old', { mkNotAfter: now() - 1 })]);
    assert.deepEqual(rig.view.roster, { state: 'none', refused: 2 });
    rig.app.sendLetter('Hello', true);
    assert.equal(rig.view.problem, 'no_counsellors');
    assert.equal(rig.ofType('letter_new').length, 0);
  });

  test('a page built without the root key verifies nobody and sends nothing', () => {
    const rig = new MailboxRig(() => undefined);
    rig.app.writeLetter();
    rig.connect();
    rig.roster([mailCounsellor('Amina')]);
    assert.equal(rig.view.roster?.state, 'none');
    rig.app.sendLetter('Hello', true);
    assert.equal(rig.ofType('letter_new').length, 0);
  });

  test('"keep in touch" names the counsellor; a flood refusal keeps the letter and says how long to wait', () => {
    const rig = new MailboxRig();
    rig.app.writeLetter('Amina');
    assert.equal(rig.view.counsellor, 'Amina');
    rig.connect();
    rig.roster([mailCounsellor('Amina')]);
    rig.app.sendLetter('Hello again', true);
    assert.equal(rig.last().counsellor, 'Amina');
    rig.answer({ type: 'error', code: 'too_many_letters', retry_after: 600 });
    assert.equal(rig.view.screen, 'mailbox-write', 'still on the writer, the same code');
    assert.equal(rig.view.problem, 'too_many_letters');
    assert.equal(rig.view.wait, 600);
    rig.app.sendLetter('Hello again', true);
    assert.equal(rig.ofType('letter_new').length, 2, 'can be sent again with the same code');
    rig.answer({ type: 'error', code: 'mailbox_full' });
    assert.equal(rig.view.problem, 'mailbox_full');
  });

  test('each letter gets a new code', () => {
    const rig = new MailboxRig();
    rig.app.writeLetter();
    const first = rig.view.code;
    rig.app.leave();
    rig.app.writeLetter();
    assert.notEqual(rig.view.code, first);
  });
});

describe('mailbox: reading with a code', () => {
  test('a code that is not 20 letters and digits is refused on the page, nothing sent', () => {
    const rig = new MailboxRig();
    rig.app.haveCode();
    rig.app.openCode('7K3M-Q9XD-2HRT');
    assert.equal(rig.view.problem, 'malformed_code');
    assert.equal(rig.starts, 0, 'no connection for a malformed code');
  });

  test('case, spaces, dashes and look-alikes (O, I, L, U) are forgiven', () => {
    const rig = new MailboxRig();
    rig.app.haveCode();
    rig.app.openCode(' 7k3m q9xd.2hrt_vw4b zp8n ');
    rig.connect();
    const keys = keysOf();
    assert.deepEqual(rig.last(), { type: 'mailbox_open', box_id: b64(keys.boxId), box_auth: b64(keys.boxAuth) });
    const withLookalikes = new MailboxRig();
    withLookalikes.app.haveCode();
    withLookalikes.app.openCode('abcd-efgh-ijkl-mnop-qrsu');
    withLookalikes.connect();
    assert.equal(withLookalikes.last().box_id, b64(keysOf('ABCDEFGH1JK1MN0PQRSV').boxId), 'I→1, L→1, O→0, U→V');
  });

  test('a wrong or unknown code gets one plain answer; too many tries says how long to wait', () => {
    const rig = new MailboxRig();
    rig.app.haveCode();
    rig.app.openCode(CODE);
    rig.connect();
    rig.answer({ type: 'error', code: 'no_such_thread' });
    assert.equal(rig.view.problem, 'no_such_thread');
    assert.equal(rig.view.screen, 'mailbox-code');
    rig.app.openCode(CODE);
    rig.answer({ type: 'error', code: 'too_many_attempts', retry_after: 1800 });
    assert.equal(rig.view.problem, 'too_many_attempts');
    assert.equal(rig.view.wait, 1800);
  });

  test('the thread: own letters through the self copy, a certified reply with its author, a forged one never shown', () => {
    const rig = new MailboxRig();
    const keys = keysOf();
    const amina = mailCounsellor('Amina');
    const forged = mailCounsellor('Forged', { certifiedBy: otherRoot });
    const impostor = mailCounsellor('Amina-2');
    openThread(rig, [
      ownLetter('I need help', 1),
      reply(amina, 'We are here for you', keys.boxId, keys.threadKey.publicKey, 2),
      reply(forged, 'Send me your address', keys.boxId, keys.threadKey.publicKey, 3),
      // Amina's entry, but sealed by a key that is not her certified MK.
      { ...reply(amina, 'Not really Amina', keys.boxId, keys.threadKey.publicKey, 4, undefined, impostor.mk) },
      ownLetter('Thank you', 5),
    ], { answered_by: 'Amina' });
    assert.deepEqual(rig.view.lines(), [
      'me: I need help', 'them (Amina): We are here for you', 'them: NOT VERIFIED', 'them: NOT VERIFIED', 'me: Thank you',
    ]);
    assert.equal(rig.view.thread?.answeredBy, 'Amina');
  });

  test('a reply is checked at its own hour: an MK that expired since still verifies, one expired then does not', () => {
    const rig = new MailboxRig();
    const keys = keysOf();
    const hour = now() - 10 * 86400;
    const since = mailCounsellor('Amina', { mkNotAfter: now() - 86400 });
    openThread(rig, [
      ownLetter('Hello', 1),
      reply(since, 'Written while the key was valid', keys.boxId, keys.threadKey.publicKey, 2, hour),
      reply(since, 'Written after the key expired', keys.boxId, keys.threadKey.publicKey, 3, now() - 3600),
    ]);
    assert.deepEqual(rig.view.lines(), ['me: Hello', 'them (Amina): Written while the key was valid', 'them: NOT VERIFIED']);
  });

  test('a letter moved to another number does not open', () => {
    const rig = new MailboxRig();
    openThread(rig, [{ ...ownLetter('Hello', 1), number: 2 }]);
    assert.deepEqual(rig.view.lines(), ['me: NOT OPENED']);
  });
});

describe('mailbox: in a thread', () => {
  test('writing again sends the next number to the verified roster; after a reply came in between, it reads again and retries once', () => {
    const rig = new MailboxRig();
    const keys = keysOf();
    const amina = mailCounsellor('Amina');
    openThread(rig, [ownLetter('Hello', 1)]);
    rig.app.writeAgain('Are you there?');
    assert.deepEqual(rig.last(), { type: 'mailbox_roster', lane: 'support' });
    rig.roster([amina]);
    assert.equal(rig.last().type, 'letter');
    assert.equal(rig.last().number, 2);
    rig.answer({ type: 'error', code: 'letter_number', expected: 3 });
    assert.equal(rig.last().type, 'mailbox_open', 'the thread is read again');
    rig.answer(thread([ownLetter('Hello', 1), reply(amina, 'Yes, I am here', keys.boxId, keys.threadKey.publicKey, 2)]));
    const again = rig.last();
    assert.equal(again.type, 'letter');
    assert.equal(again.number, 3, 'the retry has the next number');
    assert.equal(again.box_auth, b64(keys.boxAuth));
    const envelopes = again.envelopes as { to: string; box: string }[];
    const self = envelopes.find((e) => e.to === b64(keys.threadKey.publicKey))!;
    const opened = openLetter(unb64(again.ciphertext as string), unb64(self.box), keys.boxId, 3, 'to_centre', keys.threadKey.publicKey,
      keys.threadKey.secretKey);
    assert.ok(opened.ok);
    assert.equal(opened.value.text, 'Are you there?');
    const replyBy = now() + 3600;
    rig.answer({ type: 'letter_saved', box_id: b64(keys.boxId), number: 3, reply_by: replyBy });
    assert.equal(rig.last().type, 'mailbox_open', 'the thread is shown again with the new letter');
    rig.answer(thread([ownLetter('Hello', 1), reply(amina, 'Yes, I am here', keys.boxId, keys.threadKey.publicKey, 2),
      ownLetter('Are you there?', 3)], { reply_by: replyBy }));
    assert.deepEqual(rig.view.lines(), ['me: Hello', 'them (Amina): Yes, I am here', 'me: Are you there?']);
    assert.equal(rig.view.writtenAgain, replyBy);
  });

  test('a second letter_number is not retried again; thread_full is said', () => {
    const rig = new MailboxRig();
    openThread(rig, [ownLetter('Hello', 1)]);
    rig.app.writeAgain('x');
    rig.roster([mailCounsellor('Amina')]);
    rig.answer({ type: 'error', code: 'letter_number', expected: 3 });
    rig.answer(thread([ownLetter('Hello', 1)]));
    rig.answer({ type: 'error', code: 'letter_number', expected: 3 });
    assert.equal(rig.ofType('letter').length, 2, 'one retry only');
    assert.equal(rig.view.problem, 'server_error');
    rig.app.writeAgain('y');
    rig.roster([mailCounsellor('Amina')]);
    rig.answer({ type: 'error', code: 'thread_full' });
    assert.equal(rig.view.problem, 'thread_full');
  });

  test('delete: mailbox_delete with the proof, then the deleted screen and the connection closed', () => {
    const rig = new MailboxRig();
    const keys = keysOf();
    openThread(rig, [ownLetter('Hello', 1)]);
    rig.app.deleteThread();
    assert.deepEqual(rig.last(), { type: 'mailbox_delete', box_id: b64(keys.boxId), box_auth: b64(keys.boxAuth) });
    rig.answer({ type: 'thread_deleted', box_id: b64(keys.boxId) });
    assert.equal(rig.view.screen, 'mailbox-deleted');
    assert.equal(rig.stops, 1);
  });

  test('"ask for a live chat" leaves the mailbox and joins with the thread', () => {
    const rig = new MailboxRig();
    const keys = keysOf();
    openThread(rig, [ownLetter('Hello', 1)], { answered_by: 'Amina', lane: 'consultation' });
    rig.app.askForChat();
    assert.deepEqual(rig.chats, [{ lane: 'consultation', mailbox: { box_id: b64(keys.boxId), box_auth: b64(keys.boxAuth) } }]);
    assert.equal(rig.view.screen, 'page');
    assert.equal(rig.stops, 1);
  });

  test('leaving or quick exit wipes the thread keys: a late answer is ignored', () => {
    const rig = new MailboxRig();
    openThread(rig, [ownLetter('Hello', 1)]);
    rig.app.deleteThread();
    rig.app.quickExit();
    assert.equal(rig.stops, 1, 'the mailbox connection is closed');
    rig.app.haveCode();
    assert.equal(rig.view.screen, 'mailbox-thread', 'nothing happens after quick exit');
  });

  test('a dropped connection fails the request in flight with a plain message', () => {
    const rig = new MailboxRig();
    rig.app.haveCode();
    rig.app.openCode(CODE);
    rig.connect();
    rig.drop();
    assert.equal(rig.view.problem, 'connection_lost');
    assert.equal(rig.view.busy, false);
  });
});

describe('mailbox: the page around it', () => {
  test('a live chat asked for from a thread sends a join with the thread, in the page language', () => {
    const rig = new Rig();
    rig.app.chooseLanguage('ar');
    rig.app.chatFromMailbox('support', { box_id: 'AAAA', box_auth: 'BBBB' });
    rig.connect();
    assert.deepEqual(rig.connection.sent, [{ type: 'join', lane: 'support', language: 'ar', mailbox: { box_id: 'AAAA', box_auth: 'BBBB' } }]);
  });

  test('"keep in touch" knows the counsellor of the chat that ended', () => {
    const rig = new Rig();
    rig.chatting();
    assert.equal(rig.view.counsellor, 'kurator-1');
    rig.app.endChat();
    assert.equal(rig.view.ended, 'ended_by_help_seeker');
    assert.equal(rig.view.counsellor, 'kurator-1', 'still known on the ended screen');
  });

  test('the mailbox writes with the lane screen\'s choices and the page language', () => {
    const rig = new Rig();
    rig.app.chooseLanguage('en');
    rig.app.start({ lane: 'consultation', ageBand: '', topic: 'fgm' });
    assert.deepEqual(rig.app.mailboxContext(), { language: 'en', choices: { lane: 'consultation', ageBand: '', topic: 'fgm' } });
  });
});
void root;
