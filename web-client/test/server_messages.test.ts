// The one decoder of the server's messages (src/net/server_messages.ts) for both pages: each
// well-formed message becomes its typed shape, the relay messages and errors the same way for the
// help-seeker, the staff login and the counsellor, and anything malformed is dropped rather than half-read.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { toBase64Url } from '../src/crypto/encoding';
import { cryptoReady } from '../src/crypto/keys';
import { decodeCounsellorMessage, decodeHelpSeekerMessage, decodeStaffLoginMessage } from '../src/net/server_messages';

before(async () => {
  await cryptoReady();
});

describe('help-seeker server messages', () => {
  test('well-formed messages become typed ones', () => {
    assert.deepEqual(decodeHelpSeekerMessage({ type: 'queue', position: 2, estimated_wait: null }), { type: 'queue', position: 2, estimatedWait: null });
    assert.deepEqual(decodeHelpSeekerMessage({ type: 'resumed', chat: 'c', epoch: 1, new_epoch: true, token: 't', bundle: null }),
      { type: 'resumed', chat: 'c', epoch: 1, newEpoch: true, token: 't', bundle: null });
    assert.deepEqual(decodeHelpSeekerMessage({ type: 'chat_ended', chat: 'c', reason: 'something_new' }), { type: 'chat_ended', reason: 'ended' });
    assert.deepEqual(decodeHelpSeekerMessage({ type: 'error', code: 'out_of_order', message: 'm', expected: 4 }),
      { type: 'error', code: 'out_of_order', chat: undefined, seq: undefined, expected: 4, retryAfter: undefined });
  });

  test('malformed ones are dropped', () => {
    assert.equal(decodeHelpSeekerMessage({ type: 'queue', position: -1 }), undefined);
    assert.equal(decodeHelpSeekerMessage({ type: 'msg', seq: 1.5, payload: 'AA' }), undefined);
    assert.equal(decodeHelpSeekerMessage({ type: 'paired', chat: 'c', epoch: 0 }), undefined);
    assert.equal(decodeHelpSeekerMessage({ type: 'closed', reason: 'because' }), undefined);
    assert.equal(decodeHelpSeekerMessage({ type: 'dashboard' }), undefined);
  });
});

describe('counsellor server messages', () => {
  // The chat id of every message below (libsodium is ready only once the tests run).
  let chat = '';
  before(() => {
    chat = toBase64Url(new Uint8Array(16).fill(7));
  });

  test('assigned becomes the chat with its 16-byte sid and what the panel shows first', () => {
    const decoded = decodeCounsellorMessage({
      type: 'assigned', chat, epoch: 2, lane: 'support', language: 'ar', language_differs: true,
      age_band: '', topic: 'family', waited_seconds: 40, returning: true,
    });
    assert.ok(decoded?.type === 'assigned');
    assert.deepEqual(decoded.info.sid, new Uint8Array(16).fill(7));
    assert.equal(decoded.info.epoch, 2);
    assert.equal(decoded.info.languageDiffers, true);
    assert.equal(decoded.info.ageBand, null, 'an empty choice is no choice');
    assert.equal(decoded.info.topic, 'family');
    assert.equal(decoded.info.waitedSeconds, 40);
    assert.equal(decoded.info.returning, true);
  });

  test('the relay messages are the same shapes as the help-seeker\'s, with the chat they belong to', () => {
    assert.deepEqual(decodeCounsellorMessage({ type: 'msg', chat, seq: 3, payload: 'AA' }), { type: 'msg', chat, seq: 3, payload: 'AA' });
    assert.deepEqual(decodeCounsellorMessage({ type: 'delivered', chat, seq: 5 }), { type: 'delivered', chat, seq: 5 });
    assert.deepEqual(decodeCounsellorMessage({ type: 'undelivered', chat, seqs: [1, -2, 'x', 3] }), { type: 'undelivered', chat, seqs: [1, 3] });
    assert.deepEqual(decodeCounsellorMessage({ type: 'chat_ended', chat, reason: 'blocked' }), { type: 'chat_ended', chat, reason: 'blocked' });
    assert.deepEqual(decodeHelpSeekerMessage({ type: 'delivered', seq: 5 }), { type: 'delivered', seq: 5 });
  });

  test('the desk\'s own messages, and errors about one frame', () => {
    assert.deepEqual(decodeCounsellorMessage({ type: 'duty', on: true, capacity: 3 }), { type: 'duty', on: true, capacity: 3 });
    assert.deepEqual(decodeCounsellorMessage({ type: 'duty', on: false }), { type: 'duty', on: false, capacity: undefined });
    assert.deepEqual(decodeCounsellorMessage({ type: 'identity_key_saved', certificate: null }), { type: 'identity_key_saved', certificate: null });
    assert.deepEqual(decodeCounsellorMessage({ type: 'epoch', chat, epoch: 4 }), { type: 'epoch', chat, epoch: 4 });
    assert.deepEqual(decodeCounsellorMessage({ type: 'transferred', chat }), { type: 'transferred', chat });
    assert.deepEqual(decodeCounsellorMessage({ type: 'peer_away', chat, waits_seconds: 120 }), { type: 'peer_away', chat, waitsSeconds: 120 });
    assert.deepEqual(decodeCounsellorMessage({ type: 'error', code: 'peer_backlog_full', message: 'm', chat, seq: 9 }),
      { type: 'error', code: 'peer_backlog_full', chat, seq: 9, expected: undefined, retryAfter: undefined });
  });

  test('malformed or foreign messages are dropped', () => {
    assert.equal(decodeCounsellorMessage({ type: 'assigned', chat: 'short', epoch: 0, lane: 'support', language: 'sv' }), undefined);
    assert.equal(decodeCounsellorMessage({ type: 'assigned', chat, lane: 'support', language: 'sv' }), undefined, 'no epoch');
    assert.equal(decodeCounsellorMessage({ type: 'msg', seq: 1, payload: 'AA' }), undefined, 'no chat');
    assert.equal(decodeCounsellorMessage({ type: 'epoch', chat }), undefined);
    assert.equal(decodeCounsellorMessage({ type: 'accepted', chat, seq: -1 }), undefined);
    assert.equal(decodeCounsellorMessage({ type: 'queue', position: 1 }), undefined, 'a help-seeker message');
  });
});

describe('staff login messages', () => {
  const loginOk = {
    type: 'login_ok', token: 't', pseudonym: 'anna', role: 'counsellor', languages: ['sv'], lanes: ['support'],
    expires_at: 1_800_000_000, must_change_password: false, identity_public_key: null, wrapped_identity_key: null, certificate: null,
  };

  test('login_ok becomes the account; a malformed one keeps its type with no account, so the login can fail plainly', () => {
    const decoded = decodeStaffLoginMessage(loginOk);
    assert.ok(decoded?.type === 'login_ok');
    assert.equal(decoded.token, 't');
    assert.deepEqual(decoded.account, {
      pseudonym: 'anna', role: 'counsellor', languages: ['sv'], lanes: ['support'], expiresAt: 1_800_000_000,
      mustChangePassword: false, identityPublicKey: null, wrappedIdentityKey: null, certificate: null,
    });
    const broken = decodeStaffLoginMessage({ ...loginOk, role: 'janitor' });
    assert.ok(broken?.type === 'login_ok');
    assert.equal(broken.account, undefined);
  });

  test('errors carry retry_after; one without a code is one not understood for staff, and dropped for the help-seeker', () => {
    assert.deepEqual(decodeStaffLoginMessage({ type: 'error', code: 'login_locked', retry_after: 120 }),
      { type: 'error', code: 'login_locked', chat: undefined, seq: undefined, expected: undefined, retryAfter: 120 });
    assert.equal(decodeStaffLoginMessage({ type: 'error' })?.type, 'error');
    assert.equal(decodeCounsellorMessage({ type: 'error' })?.type, 'error');
    assert.equal(decodeHelpSeekerMessage({ type: 'error' }), undefined);
    assert.equal(decodeStaffLoginMessage({ type: 'duty', on: true }), undefined, 'the desk\'s, not the login\'s');
  });
});
