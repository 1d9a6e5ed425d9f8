// The help-seeker state machine (src/help-seeker/app.ts) through its rig (help_seeker_rig.ts):
// join, queue, closed, the handshake, delivery states, the end with what was not delivered, and
// crypto failures (never plaintext).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { generateDhKeyPair } from '../src/crypto/keys';
import { CounsellorChannel } from '../src/chat/secure_channel';
import { HelpSeekerApp } from '../src/help-seeker/app';
import { CHAT, FakeConnection, FakeView, makeCounsellor, otherRoot, queued, Rig, root } from './help_seeker_rig';

// ---- tests ----------------------------------------------------------------------------------

describe('help-seeker: joining', () => {
  test('language, lane and start send one join with the choices, once connected', () => {
    const rig = new Rig();
    rig.app.chooseLanguage('ar');
    assert.equal(rig.view.language, 'ar');
    assert.equal(rig.view.screen, 'lane');
    rig.app.start({ lane: 'consultation', ageBand: '18-25', topic: 'fgm' });
    assert.equal(rig.view.starting, true, 'the lane screen says "connecting"');
    assert.deepEqual(rig.connection.sent, [], 'nothing before the socket is open');
    rig.connect();
    assert.deepEqual(rig.connection.sent, [{ type: 'join', lane: 'consultation', language: 'ar', age_band: '18-25', topic: 'fgm' }]);
  });

  test('no age band or topic: the fields are left out', () => {
    const rig = new Rig();
    rig.join('en');
    assert.deepEqual(rig.connection.sent, [{ type: 'join', lane: 'support', language: 'en' }]);
  });

  test('a start before libsodium has loaded waits for it; a browser without it is told so', () => {
    const rig = new Rig();
    const waiting = new HelpSeekerApp({ view: rig.view, connection: rig.connection, rootKey: () => root.publicKey,
      nowMs: () => 0, schedule: rig.timers.schedule, language: 'sv' });
    waiting.chooseLanguage('sv');
    waiting.start({ lane: 'support', ageBand: '', topic: '' });
    assert.equal(rig.connection.starts, 0);
    waiting.cryptoLoaded(true);
    assert.equal(rig.connection.starts, 1);

    const view = new FakeView();
    const broken = new HelpSeekerApp({ view, connection: new FakeConnection(), rootKey: () => root.publicKey,
      nowMs: () => 0, schedule: rig.timers.schedule, language: 'sv' });
    broken.chooseLanguage('sv');
    broken.start({ lane: 'support', ageBand: '', topic: '' });
    broken.cryptoLoaded(false);
    assert.equal(view.screen, 'ended');
    assert.equal(view.ended, 'no_crypto');
  });

  test('closed: the closed screen with what the server said, and the connection is let go', () => {
    const rig = new Rig();
    rig.join();
    rig.server({ type: 'closed', reason: 'outside_hours', emergency_numbers: [{ label: 'Polis', number: '112' }, { label: 7 }],
      texts: { sv: 'Vi har stängt.', en: 'We are closed.' }, next_opening: 1795000000, next_opening_local: '2026-11-24T08:00 Europe/Stockholm' });
    assert.equal(rig.view.screen, 'closed');
    assert.equal(rig.view.starting, false);
    assert.deepEqual(rig.view.closed, {
      reason: 'outside_hours', nextOpening: 1795000000, nextOpeningLocal: '2026-11-24T08:00 Europe/Stockholm',
      emergencyNumbers: [{ label: 'Polis', number: '112' }], texts: { sv: 'Vi har stängt.', en: 'We are closed.' },
    });
    assert.equal(rig.connection.stops, 1);
    rig.app.retry();
    assert.equal(rig.connection.starts, 2, '"try again" joins again on a new connection');
  });

  test('the waiting room follows each queue message, an unknown wait included', () => {
    const rig = new Rig();
    rig.join();
    rig.server(queued(3, null));
    assert.equal(rig.view.screen, 'waiting');
    assert.deepEqual(rig.view.queue, { position: 3, wait: null });
    rig.server(queued(2, 240));
    assert.deepEqual(rig.view.queue, { position: 2, wait: 240 });
    assert.deepEqual(rig.view.screens, ['lane', 'waiting'], 'the screen changes once');
  });

  test('a drop while waiting joins again on the new connection and says the place may have changed', () => {
    const rig = new Rig();
    rig.join();
    rig.server(queued(2, null));
    rig.drop();
    assert.equal(rig.view.waitingNote, 'reconnecting');
    rig.connect();
    assert.equal(rig.connection.ofType('join').length, 2);
    rig.server(queued(4, null));
    assert.equal(rig.view.waitingNote, 'rejoined');
  });

  test('leaving the queue sends leave and ends on its own screen', () => {
    const rig = new Rig();
    rig.join();
    rig.server(queued(1, null));
    rig.app.leaveQueue();
    assert.deepEqual(rig.connection.last(), { type: 'leave' });
    assert.equal(rig.view.ended, 'left_queue');
    rig.app.startAgain();
    assert.equal(rig.view.screen, 'lane');
  });

  test('errors: blocked ends with an explanation; internal goes back to the lane screen with a notice', () => {
    const blocked = new Rig();
    blocked.join();
    blocked.server({ type: 'error', code: 'blocked', message: 'x' });
    assert.equal(blocked.view.ended, 'join_blocked');

    const internal = new Rig();
    internal.join();
    internal.server({ type: 'error', code: 'internal', message: 'x' });
    assert.equal(internal.view.notice, 'server_error');
    assert.equal(internal.view.starting, false);
    internal.app.start({ lane: 'support', ageBand: '', topic: '' });
    assert.equal(internal.connection.starts, 2, 'start works again');
  });

  test('too_many_joins: back to the lane screen with a notice to wait, and start works again', () => {
    const rig = new Rig();
    rig.join();
    rig.server({ type: 'error', code: 'too_many_joins', message: 'x', retry_after: 40 });
    assert.equal(rig.view.notice, 'too_many_joins');
    assert.equal(rig.view.screen, 'lane');
    assert.equal(rig.view.starting, false);
    assert.equal(rig.connection.stops, 1);
    rig.app.start({ lane: 'support', ageBand: '', topic: '' });
    assert.equal(rig.connection.starts, 2);
  });

  test('rate_limited on join: the join goes again a second later', () => {
    const rig = new Rig();
    rig.join();
    rig.server({ type: 'error', code: 'rate_limited', message: 'x' });
    rig.timers.advance(1000);
    assert.equal(rig.connection.ofType('join').length, 2);
  });
});

describe('help-seeker: the encrypted chat', () => {
  test('paired: a handshake first; what is written meanwhile waits and goes after the counsellor\'s sync; the same code on both sides', () => {
    const rig = new Rig();
    rig.join();
    rig.pair(0, true);
    assert.equal(rig.view.screen, 'chat');
    assert.equal(rig.view.status, 'securing');
    assert.equal(rig.view.canWrite, true, 'the box is open at once');
    assert.equal(rig.view.waits, 'securing', 'and says why what is written waits');
    assert.deepEqual(rig.view.notes, ['language_differs']);
    assert.equal(rig.app.sendMessage('early'), true);
    assert.deepEqual(rig.view.mine(), [{ text: 'early', state: 'waiting' }]);
    rig.relay();
    assert.equal(rig.view.status, 'ready');
    assert.equal(rig.view.waits, undefined);
    assert.match(rig.view.code, /^\d{6}$/);
    rig.relay(); // the header, then our sync: the counsellor syncs back
    rig.relay(); // the message released by the counsellor's sync
    assert.equal(rig.view.code, rig.channel!.verificationCode);
    assert.deepEqual(rig.heardTexts(), ['early']);
    assert.deepEqual(rig.heard.find((c) => c.type === 'sync'), { type: 'sync', received: 0 });
  });

  test('a message goes waiting → delivered; the counsellor reads it; nothing readable on the wire', () => {
    const rig = new Rig();
    rig.chatting();
    assert.equal(rig.app.sendMessage('  canary-words hej  '), true);
    assert.deepEqual(rig.view.mine(), [{ text: 'canary-words hej', state: 'waiting' }]);
    const [seq] = rig.relay();
    assert.equal(rig.view.mine()[0]!.state, 'waiting', 'accepted by the server is not yet delivered');
    assert.deepEqual(rig.heard.at(-1), { type: 'message', n: 1, seen: 0, text: 'canary-words hej' });
    rig.server({ type: 'delivered', seq });
    assert.equal(rig.view.mine()[0]!.state, 'delivered');
    for (const frame of rig.connection.sent) {
      const bytes = Buffer.from(typeof frame.payload === 'string' ? fromBase64Url(frame.payload) : []);
      assert.ok(!JSON.stringify(frame).includes('canary') && !bytes.toString('latin1').includes('canary'));
    }
  });

  test('the counsellor\'s messages are shown and acknowledged once; a duplicate is only acknowledged', () => {
    const rig = new Rig();
    rig.chatting();
    rig.say({ type: 'typing' });
    assert.equal(rig.view.typing, true);
    rig.write('مرحبا، أنا هنا');
    assert.equal(rig.view.typing, false, 'a message ends the typing indicator');
    assert.deepEqual(rig.view.theirs(), ['مرحبا، أنا هنا']);
    rig.timers.advance(100);
    assert.deepEqual(rig.connection.last(), { type: 'ack', chat: CHAT, seq: 4 }, 'one cumulative ack for the burst');
    rig.fromCounsellor('BA', 4); // seq 4 again: a duplicate, whatever it holds
    rig.timers.advance(100);
    assert.deepEqual(rig.connection.last(), { type: 'ack', chat: CHAT, seq: 4 });
    // The same message number again (resent in a later epoch, say) is not shown twice.
    rig.say({ type: 'message', n: 1, seen: 0, text: 'مرحبا، أنا هنا' });
    assert.deepEqual(rig.view.theirs(), ['مرحبا، أنا هنا']);
    assert.equal(rig.view.screen, 'chat');
  });

  test('typing is sent at most every 3 seconds', () => {
    const rig = new Rig();
    rig.chatting();
    rig.relay();
    for (const _ of [1, 2, 3]) rig.app.typing();
    rig.relay();
    rig.timers.advance(3000);
    rig.app.typing();
    rig.relay();
    assert.deepEqual(rig.heard.filter((c) => c.type === 'typing'), [{ type: 'typing' }, { type: 'typing' }]);
  });

  test('ending sends the sealed end, then the server\'s end, and shows the ended screen', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.endChat();
    assert.deepEqual(rig.connection.last(), { type: 'end' });
    rig.relay();
    assert.deepEqual(rig.heard.at(-1), { type: 'end' });
    assert.deepEqual(rig.leaveGuard.at(-1), false, 'no leave question once the chat is over');
    assert.equal(rig.view.screen, 'ended');
    assert.equal(rig.view.ended, 'ended_by_help_seeker');
    assert.equal(rig.connection.stops, 1);
    rig.server({ type: 'chat_ended', chat: CHAT, reason: 'ended_by_help_seeker' });
    assert.equal(rig.view.ended, 'ended_by_help_seeker', 'the server\'s echo changes nothing');
  });

  test('the counsellor ends: the box closes at their sealed end, the screen changes at chat_ended', () => {
    const rig = new Rig();
    rig.chatting();
    rig.say({ type: 'end' });
    assert.equal(rig.view.canWrite, false);
    rig.server({ type: 'chat_ended', chat: CHAT, reason: 'ended_by_counsellor' });
    assert.equal(rig.view.ended, 'ended_by_counsellor');
  });

  test('undelivered from the relay is not lost: the message waits; only the end makes it "not delivered", with its text to copy', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.sendMessage('one');
    rig.app.sendMessage('two');
    const [first] = rig.relay();
    rig.server({ type: 'delivered', seq: first! });
    rig.server({ type: 'undelivered', chat: CHAT, seqs: [first! + 1] });
    assert.deepEqual(rig.view.mine(), [{ text: 'one', state: 'delivered' }, { text: 'two', state: 'waiting' }]);
    rig.server({ type: 'chat_ended', chat: CHAT, reason: 'ended_by_counsellor' });
    assert.equal(rig.view.screen, 'ended');
    assert.deepEqual(rig.view.mine(), [{ text: 'one', state: 'delivered' }, { text: 'two', state: 'not_delivered' }]);
    assert.deepEqual(rig.view.notDelivered, ['two'], 'the ended screen lists it, to copy');
  });

  test('out_of_order: the frames from the expected seq go again', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.sendMessage('one');
    const before = rig.connection.ofType('msg').length;
    rig.server({ type: 'error', code: 'out_of_order', chat: CHAT, seq: 5, expected: 4 });
    const again = rig.connection.ofType('msg').slice(before);
    assert.deepEqual(again.map((m) => m.seq), [4]);
  });
});

describe('help-seeker: crypto failures never show or send plaintext', () => {
  test('a bundle certified by another root: the chat does not start, the server is told to end it', () => {
    const rig = new Rig(makeCounsellor('impostor', otherRoot));
    rig.join();
    rig.pair();
    assert.equal(rig.view.screen, 'ended');
    assert.equal(rig.view.ended, 'setup_failed');
    assert.deepEqual(rig.connection.ofType('msg'), [], 'not even e_H went out');
    assert.deepEqual(rig.connection.last(), { type: 'end' });
    assert.equal(rig.app.sendMessage('secret'), false);
  });

  test('paired without a bundle (a counsellor without a shift key) cannot start', () => {
    const rig = new Rig();
    rig.join();
    rig.server({ type: 'paired', chat: CHAT, epoch: 0, lane: 'support', language: 'sv', language_differs: false, token: 't', bundle: null });
    assert.equal(rig.view.ended, 'setup_failed');
  });

  test('a wrong key confirmation (someone in the middle without the shift key) ends the chat before anything can be written', () => {
    const mitm = new Rig();
    mitm.join();
    mitm.pair();
    const hello = mitm.connection.ofType('msg')[0]!.payload as string;
    const impostor = new CounsellorChannel(fromBase64Url(CHAT), 0, mitm.counsellor.identity.publicKey, generateDhKeyPair());
    const reply = impostor.receive(hello);
    assert.ok(reply.ok);
    mitm.fromCounsellor(reply.value.replies[0]!, 1);
    assert.equal(mitm.view.ended, 'setup_failed');
    assert.equal(mitm.view.canWrite, false);
  });

  test('a tampered frame in a working chat: broken, nothing of it shown', () => {
    const rig = new Rig();
    rig.chatting();
    const sealed = rig.channel!.seal({ type: 'message', n: 1, seen: 0, text: 'changed on the way' });
    assert.ok(sealed.ok);
    const bytes = fromBase64Url(sealed.value);
    bytes[bytes.length - 1]! ^= 1;
    rig.fromCounsellor(toBase64Url(bytes));
    assert.equal(rig.view.ended, 'broken');
    assert.deepEqual(rig.view.theirs(), []);
    assert.deepEqual(rig.connection.last(), { type: 'end' });
  });

  test('a missing frame (a seq gap) breaks the chat', () => {
    const rig = new Rig();
    rig.chatting();
    const sealed = rig.channel!.seal({ type: 'message', n: 1, seen: 0, text: 'after a gap' });
    assert.ok(sealed.ok);
    rig.fromCounsellor(sealed.value, 9);
    assert.equal(rig.view.ended, 'broken');
    assert.deepEqual(rig.view.theirs(), []);
  });
});
