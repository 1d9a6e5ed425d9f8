// The counsellor's desk (src/counsellor/desk.ts, desk_chats.ts) through its rig (console_desk_rig.ts):
// key set-up at first login, duty with a signed shift key (every time), a chat's handshake,
// reconnecting (the same shift key, resent frames, chats that did not come back), the
// help-seeker's presence, a new epoch, transfer, end and tags.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { wrapIdentityKey } from '../src/crypto/identity_wrap';
import { generateSigningKeyPair } from '../src/crypto/keys';
import { verifyShiftKey } from '../src/crypto/shift_key';
import { REASSIGN_WAIT_MS } from '../src/counsellor/desk';
import { HANDSHAKE_SLOW_MS } from '../src/counsellor/desk_chats';
import { account, assigned, CHAT, harness, NOW_MS, onDuty, seekerFor } from './console_desk_rig';

describe('key set-up on the desk', () => {
  test('first login: the key is made, uploaded wrapped, wrap wiped, and certification shown', () => {
    const h = harness();
    const wrap = new Uint8Array(32).fill(4);
    h.desk.start(account(), wrap, false);
    const upload = h.last('identity_key');
    assert.ok(upload && typeof upload.public === 'string' && typeof upload.wrapped === 'string');
    assert.ok(wrap.every((byte) => byte === 0), 'wrap is wiped once the key is wrapped');
    assert.deepEqual(h.keys.at(-1), { state: 'awaiting_certification', problem: 'saving' });
    h.desk.handle({ type: 'identity_key_saved', state: 'awaiting_certification', certificate: null });
    assert.deepEqual(h.keys.at(-1), { state: 'awaiting_certification', problem: undefined });
  });

  test('a later login unwraps the key; a wrong wrap leaves the desk without one and duty impossible', () => {
    const identity = generateSigningKeyPair();
    const blob = wrapIdentityKey(new Uint8Array(32).fill(4), identity);
    assert.ok(blob.ok);
    const stored = { identityPublicKey: toBase64Url(identity.publicKey), wrappedIdentityKey: toBase64Url(blob.value) };
    const good = harness();
    good.desk.start(account(stored), new Uint8Array(32).fill(4), false);
    assert.deepEqual(good.keys.at(-1), { state: 'awaiting_certification', problem: undefined });
    assert.equal(good.duties.at(-1)?.possible, true);

    const bad = harness();
    bad.desk.start(account(stored), new Uint8Array(32).fill(5), false);
    assert.deepEqual(bad.keys.at(-1), { state: 'none', problem: 'unwrap_failed' });
    assert.equal(bad.duties.at(-1)?.possible, false);
    bad.desk.toggleDuty();
    assert.deepEqual(bad.sent, [], 'no duty without a key');
  });
});

describe('duty', () => {
  test('going on duty sends a fresh shift key signed by the identity key, valid 12 hours', () => {
    const h = onDuty();
    assert.deepEqual(h.keys.at(-1), { state: 'certified', problem: undefined });
    assert.equal(h.duty.on, true);
    assert.equal(h.duty.capacity, 1);
    const { public: pub, signature, not_after: notAfter } = h.duty.shift_key;
    assert.equal(notAfter, NOW_MS / 1000 + 12 * 3600);
    assert.deepEqual(verifyShiftKey(h.identityPublic, fromBase64Url(pub), notAfter, fromBase64Url(signature), NOW_MS / 1000),
      { ok: true, value: undefined });
    assert.deepEqual(h.duties.at(-1), { on: true, capacity: 1, pending: false, possible: true });
  });

  test('a capacity change carries the same shift key (a restarted server has forgotten it); a refused one goes back', () => {
    const h = onDuty();
    h.desk.setCapacity(4);
    assert.deepEqual(h.last('duty'), { type: 'duty', on: true, capacity: 4, shift_key: h.duty.shift_key },
      'the shift key with every duty on, and not a new one');
    h.desk.handle({ type: 'error', code: 'bad_capacity' });
    assert.equal(h.duties.at(-1)?.capacity, 1);
    assert.equal(h.notices.at(-1), 'duty.badCapacity');
  });

  test('not_certified turns duty off again and says why', () => {
    const h = harness();
    const identity = generateSigningKeyPair();
    const blob = wrapIdentityKey(new Uint8Array(32).fill(4), identity);
    assert.ok(blob.ok);
    h.desk.start(account({ identityPublicKey: toBase64Url(identity.publicKey), wrappedIdentityKey: toBase64Url(blob.value) }),
      new Uint8Array(32).fill(4), false);
    h.desk.toggleDuty();
    h.desk.handle({ type: 'error', code: 'not_certified' });
    assert.equal(h.duties.at(-1)?.on, false);
    assert.equal(h.notices.at(-1), 'duty.notCertified');
  });
});

describe('chats on the desk', () => {
  test('an assigned chat gets a panel and secures itself; messages go both ways', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT);
    assert.ok(view);
    assert.equal(view.info.waitedSeconds, 75);
    assert.equal(view.info.languageDiffers, true);
    const seeker = seekerFor(h, 0);
    seeker.connect();
    assert.match(view.code, /^\d{6}$/);
    assert.equal(view.code, seeker.channel.verificationCode);
    seeker.say(1, 0, 'hej');
    assert.deepEqual(view.theirs, ['hej']);
    assert.ok(view.actions.sendText('hej hej'));
    assert.deepEqual(seeker.fromDesk().got, ['1:hej hej']);
    assert.deepEqual(seeker.syncs, [0], 'the desk synced first');
    const frame = h.last('msg')!;
    h.desk.handle({ type: 'accepted', chat: CHAT, seq: frame.seq });
    assert.equal(view.stateOf('hej hej'), 'waiting');
    h.desk.handle({ type: 'delivered', chat: CHAT, seq: frame.seq });
    assert.equal(view.stateOf('hej hej'), 'delivered');
    assert.deepEqual(view.lines, ['them: hej', 'me: hej hej (delivered)']);
  });

  test('after a reconnect: duty again with the same shift key, unaccepted frames sent again, duplicates acked', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    const seeker = seekerFor(h, 0);
    seeker.connect();
    seeker.fromDesk();
    h.link.online = false;
    h.desk.connectionLost();
    assert.ok(view.actions.sendText('written while offline'));
    assert.equal(view.stateOf('written while offline'), 'waiting');
    h.link.online = true;
    const before = h.sent.length;
    h.desk.start(account({ identityPublicKey: h.upload.public, certificate: h.certificate }), undefined, true);
    const duty = h.sent.slice(before).find((message) => message.type === 'duty');
    assert.deepEqual(duty, { type: 'duty', on: true, capacity: 1, shift_key: h.duty.shift_key }, 'the same shift key');
    h.desk.handle({ type: 'duty', on: true, capacity: 1 });
    h.desk.handle(assigned(0, true));
    assert.equal(h.last('new_epoch'), undefined, 'a page that kept the keys asks for no new epoch');
    assert.deepEqual(seeker.fromDesk().got, ['1:written while offline'], 'sent again once the chat is back');
    // The server re-sends what we had not acknowledged: acknowledged again, not shown twice.
    const payload = seeker.seal({ type: 'message', n: 1, seen: 0, text: 'once' });
    seeker.toDesk(payload);
    h.desk.handle({ type: 'msg', chat: CHAT, seq: 4, payload });
    assert.deepEqual(view.theirs, ['once']);
    assert.deepEqual(h.sent.at(-1), { type: 'ack', chat: CHAT, seq: 4 });
    for (const timer of h.timers) if (!timer.cancelled) timer.callback();
    assert.ok(!view.log.includes('lost'), 'a re-assigned chat is not lost');
  });

  test('a chat that does not come back after a reconnect is shown as lost and can be closed', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    h.desk.connectionLost();
    h.desk.start(account({ identityPublicKey: h.upload.public, certificate: h.certificate }), undefined, true);
    h.desk.handle({ type: 'duty', on: true, capacity: 1 });
    const timer = h.timers.at(-1)!;
    assert.equal(timer.ms, REASSIGN_WAIT_MS);
    timer.callback();
    assert.ok(view.log.includes('lost'));
    view.actions.close();
    assert.ok(view.removed);
  });

  test('a chat whose handshake never comes (open in a page since reloaded) says so after a while', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    const timer = h.timers.find((t) => t.ms === HANDSHAKE_SLOW_MS);
    assert.ok(timer);
    timer.callback();
    assert.ok(view.log.includes('slow'));
    const secured = onDuty();
    secured.desk.handle(assigned());
    seekerFor(secured, 0).connect();
    secured.timers.find((t) => t.ms === HANDSHAKE_SLOW_MS)!.callback();
    assert.ok(!secured.views.get(CHAT)!.log.includes('slow'), 'not once the keys are agreed');
  });

  test('a higher epoch starts a new handshake with the current shift key', () => {
    const h = onDuty();
    h.desk.handle(assigned(0));
    const view = h.views.get(CHAT)!;
    seekerFor(h, 0).connect();
    const first = view.code;
    h.desk.handle(assigned(1));
    assert.ok(view.log.includes('epoch:1'));
    const seeker = seekerFor(h, 1);
    seeker.connect();
    assert.equal(view.code, seeker.channel.verificationCode);
    assert.notEqual(view.code, first);
  });

  test('end seals the end first, then chat_ended opens the tags, and tags_saved closes the panel', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    const seeker = seekerFor(h, 0);
    seeker.connect();
    view.actions.end();
    assert.deepEqual(h.sent.at(-1), { type: 'end', chat: CHAT });
    assert.equal(h.sent.at(-2)?.type, 'msg', 'the sealed end goes before the end');
    h.desk.handle({ type: 'chat_ended', chat: CHAT, reason: 'ended_by_counsellor' });
    assert.ok(view.log.includes('ended:ended_by_counsellor'));
    view.actions.submitTags({ outcome: 'referred', ageBand: '18-25', topic: null });
    assert.deepEqual(h.sent.at(-1), { type: 'tags', chat: CHAT, outcome: 'referred', age_band: '18-25' });
    h.desk.handle({ type: 'tags_saved' });
    assert.ok(view.removed);
  });

  test('block sends block; transfer shows each answer, and a transferred chat leaves', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    view.actions.transfer('  bertil ');
    assert.deepEqual(h.sent.at(-1), { type: 'transfer', chat: CHAT, to: 'bertil' });
    h.desk.handle({ type: 'error', code: 'transfer_unavailable', chat: CHAT });
    h.desk.handle({ type: 'transfer_pending', chat: CHAT });
    h.desk.handle({ type: 'transfer_declined', chat: CHAT });
    h.desk.handle({ type: 'transfer_failed', chat: CHAT });
    h.desk.handle({ type: 'transferred', chat: CHAT });
    assert.deepEqual(view.log.filter((line) => line.startsWith('transfer')),
      ['transfer:asking', 'transfer:unavailable', 'transfer:pending', 'transfer:declined', 'transfer:failed', 'transferred']);
    view.actions.block();
    assert.notEqual(h.sent.at(-1)?.type, 'block', 'a transferred chat is no longer ours to block');
    view.actions.close();
    assert.ok(view.removed);
  });

  test('stop removes every panel', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    h.desk.stop();
    assert.ok(h.views.get(CHAT)!.removed);
    assert.deepEqual(h.duties.at(-1), { on: false, capacity: 1, pending: false, possible: false });
  });
});
