// The console's mailbox (src/counsellor/mailbox/, through the desk): the mailbox key made, renewed
// and unwrapped at sign-in; the list's order and its overdue and claim words; a thread claimed by
// someone else; letters read and checked (owner, moved, sealed before the key); a reply sealed to
// the help-seeker and verified colleagues. Real crypto, a fake socket (console_desk_rig.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { generateSigningKeyPair } from '../src/crypto/keys';
import { openLetter, sealLetter, helpSeekerLetterBody, type Direction } from '../src/crypto/letter';
import { deriveThreadKeys, makeMailboxKey, signMailboxKey, unwrapMailboxKey, verifyMailboxKey, wrapMailboxKey,
  type BoxKeyPair } from '../src/crypto/mailbox_keys';
import { makeReturnCode } from '../src/crypto/return_code';
import { MailboxKeyRing } from '../src/counsellor/mailbox/mailbox_keys_setup';
import { account, harness, NOW_MS, onDuty, root } from './console_desk_rig';

const NOW = NOW_MS / 1000;
const DAY = 86_400;
const WRAP = () => new Uint8Array(32).fill(4);

/** Signed in and certified, the mailbox keys asked for: answers them with `stored` and, if one is made, saves it. */
function withKeys(stored: object[] = []) {
  const h = onDuty();
  h.desk.handle({ type: 'mailbox_keys', keys: stored });
  const upload = h.last('mailbox_key');
  if (upload) h.desk.handle({ type: 'mailbox_key_saved', not_after: upload.not_after });
  return { ...h, mk: upload };
}

/** A stored key as the server keeps it: made, signed by `identity`'s secret, wrapped under `wrap`. */
function storedKey(identity: { publicKey: Uint8Array; secretKey: Uint8Array }, notAfter: number, wrap = WRAP()) {
  const keys = makeMailboxKey();
  const wrapped = wrapMailboxKey(keys.secretKey, wrap);
  assert.ok(wrapped.ok);
  return { keys, json: { public: toBase64Url(keys.publicKey), signature: toBase64Url(signMailboxKey(identity, keys.publicKey, notAfter)),
    not_after: notAfter, wrapped: toBase64Url(wrapped.value) } };
}

const summary = (boxId: string, extra: object = {}) => ({ box_id: boxId, lane: 'support', language: 'ar', age_band: '13-17',
  topic: 'honour', state: 'waiting', reply_by: NOW + 31 * 3600, waiting_since: NOW - 17 * 3600, last_letter: NOW - 17 * 3600,
  letters: 1, counsellor: null, claimed_by: null, claim_expires: null, ...extra });

/** A help-seeker's thread: its code's keys and letters sealed to the given mailbox keys (and HK itself). */
function seekerThread() {
  const keys = deriveThreadKeys(makeReturnCode());
  const boxId = toBase64Url(keys.boxId);
  const letters: object[] = [];
  const letter = (number: number, text: string, readers: Uint8Array[], opts: { sender?: BoxKeyPair; threadKey?: Uint8Array; sealedAs?: number } = {}) => {
    const sender = opts.sender ?? keys.threadKey;
    const sealed = sealLetter(helpSeekerLetterBody(text, opts.threadKey ?? sender.publicKey), keys.boxId, opts.sealedAs ?? number,
      'to_centre', sender, [...readers, keys.threadKey.publicKey]);
    assert.ok(sealed.ok);
    letters.push({ number, from: 'help_seeker', hour: NOW - 3600 * (10 - number), ciphertext: toBase64Url(sealed.value.ciphertext),
      sender_key: null, author: null,
      envelopes: sealed.value.envelopes.filter((e) => readers.some((r) => toBase64Url(r) === toBase64Url(e.to)))
        .map((e) => ({ to: toBase64Url(e.to), box: toBase64Url(e.box) })) });
  };
  const message = (roster: object[] = [], extra: object = {}) => ({ type: 'thread', box_id: boxId,
    thread_key: toBase64Url(keys.threadKey.publicKey), lane: 'support', language: 'ar', age_band: null, topic: null,
    claimed_by: 'anna', claim_expires: NOW + 300, letters, roster, revocation_list: null, ...extra });
  /** Opens a reply as the help-seeker's page would: the envelope to HK, sender the MK named. */
  const readReply = (reply: Record<string, any>, direction: Direction = 'to_help_seeker') => {
    const envelope = reply.envelopes.find((e: { to: string }) => e.to === toBase64Url(keys.threadKey.publicKey));
    assert.ok(envelope, 'the reply has an envelope for the help-seeker');
    return openLetter(fromBase64Url(reply.ciphertext), fromBase64Url(envelope.box), keys.boxId, reply.number, direction,
      fromBase64Url(reply.sender_key), keys.threadKey.secretKey);
  };
  return { keys, boxId, letter, letters, message, readReply };
}

/** A colleague's roster entry: certified by `by` (the test root unless said), with an MK signed by `signer` (their IK unless said). */
function colleague(pseudonym: string, opts: { by?: typeof root; badSignature?: boolean } = {}) {
  const identity = generateSigningKeyPair();
  const cert = makeCertificate(opts.by ?? root, identity.publicKey, pseudonym, NOW + DAY);
  assert.ok(cert.ok);
  const mk = makeMailboxKey();
  const notAfter = NOW + 20 * DAY;
  const signer = opts.badSignature ? generateSigningKeyPair() : identity;
  return { mk, json: { identity_key: toBase64Url(identity.publicKey), pseudonym, certificate: toBase64Url(encodeCertificate(cert.value)),
    mailbox_key: toBase64Url(mk.publicKey), mailbox_not_after: notAfter,
    mailbox_signature: toBase64Url(signMailboxKey(signer, mk.publicKey, notAfter)) } };
}

describe('mailbox keys', () => {
  test('at the first certified sign-in a mailbox key is made: signed by the identity key, valid 30 days, opened only by wrap', () => {
    const h = onDuty();
    assert.ok(h.last('mailbox_keys'), 'the kept keys are asked for');
    assert.ok(h.last('mailbox_watch'), 'the list is watched');
    h.desk.handle({ type: 'mailbox_keys', keys: [] });
    const upload = h.last('mailbox_key')!;
    assert.ok(upload, 'with none kept, a new one is sent');
    assert.equal(upload.not_after, NOW + 30 * DAY);
    const mkPublic = fromBase64Url(upload.public);
    assert.ok(verifyMailboxKey(h.identityPublic, mkPublic, upload.not_after, fromBase64Url(upload.signature), NOW).ok);
    assert.ok(unwrapMailboxKey(fromBase64Url(upload.wrapped), WRAP(), mkPublic).ok);
    assert.equal(unwrapMailboxKey(fromBase64Url(upload.wrapped), new Uint8Array(32).fill(5), mkPublic).ok, false);
    assert.equal(h.mailbox.keys.at(-1)?.state, 'making');
    h.desk.handle({ type: 'mailbox_key_saved', not_after: upload.not_after });
    assert.equal(h.mailbox.keys.at(-1)?.state, 'ready');
  });

  test('a kept key with 8 days left is used as it is; one with 6 days left is renewed', () => {
    const fresh = onDuty();
    // The server keeps what the console made: the test signs with any IK (the console does not re-verify its own).
    const signer = generateSigningKeyPair();
    fresh.desk.handle({ type: 'mailbox_keys', keys: [storedKey(signer, NOW + 8 * DAY).json] });
    assert.equal(fresh.last('mailbox_key'), undefined, 'no new key while the newest has a week left');
    assert.deepEqual(fresh.mailbox.keys.at(-1), { state: 'ready', unopened: 0 });

    const old = onDuty();
    old.desk.handle({ type: 'mailbox_keys', keys: [storedKey(signer, NOW + 6 * DAY).json] });
    const upload = old.last('mailbox_key');
    assert.ok(upload, 'less than 7 days left: a new key');
    assert.equal(upload.not_after, NOW + 30 * DAY);
  });

  test('a kept key that does not open with this wrap is ignored with a note, and a new one is made', () => {
    const signer = generateSigningKeyPair();
    const h = onDuty();
    h.desk.handle({ type: 'mailbox_keys', keys: [storedKey(signer, NOW + 20 * DAY, new Uint8Array(32).fill(9)).json,
      { public: 'AAAA', signature: 'AAAA', not_after: NOW + 25 * DAY, wrapped: '!!' }] });
    assert.deepEqual(h.mailbox.keys.at(-1), { state: 'making', unopened: 2 });
    assert.ok(h.last('mailbox_key'), 'no usable key: a new one');
  });

  test('the server refusing the new key says so and no reply can be sealed with it', () => {
    const h = onDuty();
    h.desk.handle({ type: 'mailbox_keys', keys: [] });
    h.desk.handle({ type: 'error', code: 'not_certified' });
    assert.equal(h.mailbox.keys.at(-1)?.state, 'refused');
    assert.equal(h.notices.filter((n) => n !== '').length, 0, 'not a duty problem');
  });

  test('no mailbox request before the identity key is certified', () => {
    const h = harness();
    h.desk.start(account(), WRAP(), false);
    h.desk.handle({ type: 'identity_key_saved', certificate: null });
    assert.equal(h.last('mailbox_keys'), undefined);
    assert.equal(h.last('mailbox_watch'), undefined);
  });
});

describe('mailbox list', () => {
  test('waiting first, oldest reply-by first; overdue in words; a claim names its holder; only my answered threads', () => {
    const h = withKeys();
    h.desk.handle({ type: 'mailbox', reply_within_hours: 48, threads: [
      summary('later', { reply_by: NOW + 31 * 3600 }),
      summary('mine-answered', { state: 'answered', reply_by: null, waiting_since: null, counsellor: 'anna', last_letter: NOW - 7200 }),
      summary('theirs-answered', { state: 'answered', reply_by: null, waiting_since: null, counsellor: 'sam' }),
      summary('overdue', { reply_by: NOW - 3 * 3600 - 60, claimed_by: 'Sam', claim_expires: NOW + 120 }),
      summary('soon', { reply_by: NOW + 40 * 60 }),
    ] });
    const rows = h.mailbox.rows;
    assert.deepEqual(rows.map((row) => row.thread.boxId), ['overdue', 'soon', 'later', 'mine-answered']);
    assert.deepEqual(rows.map((row) => row.overdue), [true, false, false, false]);
    assert.deepEqual(rows[0]!.due, { key: 'mailbox.overdueHours', values: { hours: 3 } });
    assert.deepEqual(rows[1]!.due, { key: 'mailbox.minutesLeft', values: { minutes: 40 } });
    assert.deepEqual(rows[2]!.due, { key: 'mailbox.hoursLeft', values: { hours: 31 } });
    assert.deepEqual(rows[0]!.claim, { key: 'mailbox.claimedBy', values: { pseudonym: 'Sam' } });
    assert.equal(rows[2]!.writtenHoursAgo, 17);
  });
});

describe('a thread', () => {
  test('claimed by someone else: "Sam is answering", no crash, and nothing to reply to', () => {
    const h = withKeys();
    h.desk.mailbox.open('box');
    assert.deepEqual(h.last('thread_open'), { type: 'thread_open', box_id: 'box' });
    h.desk.handle({ type: 'error', code: 'thread_claimed', claimed_by: 'Sam', retry_after: 200 });
    assert.equal(h.mailbox.thread?.state, 'taken');
    assert.equal(h.mailbox.thread?.claimedBy, 'Sam');
    assert.equal(h.desk.mailbox.reply('hello'), false);
    assert.equal(h.last('reply'), undefined);
    assert.deepEqual(h.notices.filter((n) => n !== ''), [], 'not shown as a server error');
  });

  test('letters are read; the reply opens for the help-seeker and goes to verified colleagues only', () => {
    const h = withKeys();
    const mkPublic = fromBase64Url(h.mk!.public);
    const seeker = seekerThread();
    seeker.letter(1, 'I need help', [mkPublic]);
    seeker.letter(2, 'Are you there?', [mkPublic]);
    const sam = colleague('sam');
    const forged = colleague('eve', { badSignature: true });
    const mine = { identity_key: h.upload.public, pseudonym: 'anna', certificate: h.certificate, mailbox_key: h.mk!.public,
      mailbox_not_after: h.mk!.not_after, mailbox_signature: h.mk!.signature };
    h.desk.mailbox.open(seeker.boxId);
    h.desk.handle(seeker.message([mine, sam.json, forged.json]));
    const shown = h.mailbox.thread!;
    assert.equal(shown.state, 'claimed');
    assert.equal(shown.claimExpires, NOW + 300);
    assert.deepEqual(shown.letters.map((l) => [l.number, l.text, l.problem]), [[1, 'I need help', null], [2, 'Are you there?', null]]);
    assert.equal(shown.replyBlock, undefined);

    assert.equal(h.desk.mailbox.reply('We read you. You are not alone.'), true);
    const reply = h.last('reply')!;
    assert.equal(reply.number, 3);
    assert.equal(reply.sender_key, h.mk!.public);
    const opened = seeker.readReply(reply);
    assert.ok(opened.ok);
    assert.equal(opened.value.text, 'We read you. You are not alone.');
    const readers = reply.envelopes.map((e: { to: string }) => e.to).sort();
    assert.deepEqual(readers, [toBase64Url(seeker.keys.threadKey.publicKey), h.mk!.public, sam.json.mailbox_key].sort(),
      'the help-seeker, me and sam; never the colleague whose key is not signed by their identity key');
    assert.equal(h.mailbox.thread?.state, 'sending');
    h.desk.handle({ type: 'reply_saved', box_id: seeker.boxId, number: 3 });
    assert.equal(h.mailbox.thread?.state, 'answered');
    assert.deepEqual(h.mailbox.thread?.letters.at(-1), { number: 3, from: 'counsellor', hour: NOW, author: 'anna',
      text: 'We read you. You are not alone.', problem: null });
    h.desk.mailbox.close();
    assert.equal(h.last('thread_release'), undefined, 'an answered thread is no longer claimed');
    assert.equal(h.mailbox.thread, undefined);
  });

  test('a colleague\'s reply is read with the key that sealed it, and its author shown', () => {
    const h = withKeys();
    const mkPublic = fromBase64Url(h.mk!.public);
    const seeker = seekerThread();
    seeker.letter(1, 'Hello', [mkPublic]);
    const sam = makeMailboxKey();
    const sealed = sealLetter({ text: 'Hi, this is Sam' }, seeker.keys.boxId, 2, 'to_help_seeker', sam, [mkPublic, seeker.keys.threadKey.publicKey]);
    assert.ok(sealed.ok);
    const envelope = sealed.value.envelopes[0]!;
    seeker.letters.push({ number: 2, from: 'counsellor', hour: NOW, ciphertext: toBase64Url(sealed.value.ciphertext),
      sender_key: toBase64Url(sam.publicKey), author: 'sam', envelopes: [{ to: toBase64Url(envelope.to), box: toBase64Url(envelope.box) }] });
    h.desk.mailbox.open(seeker.boxId);
    h.desk.handle(seeker.message());
    assert.deepEqual(h.mailbox.thread!.letters.map((l) => [l.author, l.text, l.problem]), [[null, 'Hello', null], ['sam', 'Hi, this is Sam', null]]);
  });

  test('a later letter not sealed with the first letter\'s key is "not from the thread\'s owner"; a moved one is refused', () => {
    const h = withKeys();
    const mkPublic = fromBase64Url(h.mk!.public);
    const seeker = seekerThread();
    seeker.letter(1, 'first', [mkPublic]);
    const intruder = makeMailboxKey();
    seeker.letter(2, 'from someone else', [mkPublic], { sender: intruder });
    seeker.letter(3, 'sealed as number 7', [mkPublic], { sealedAs: 7 });
    seeker.letter(4, 'fine', [mkPublic]);
    h.desk.mailbox.open(seeker.boxId);
    h.desk.handle(seeker.message());
    assert.deepEqual(h.mailbox.thread!.letters.map((l) => [l.number, l.text, l.problem]),
      [[1, 'first', null], [2, null, 'not_from_owner'], [3, null, 'not_from_owner'], [4, 'fine', null]]);
  });

  test('a first letter naming another key than the thread\'s: not shown, nor anything after it, and no reply possible', () => {
    const h = withKeys();
    const mkPublic = fromBase64Url(h.mk!.public);
    const seeker = seekerThread();
    const other = makeMailboxKey();
    // The server swapped the thread key for its own and wrote the letter with it.
    seeker.letter(1, 'planted', [mkPublic], { sender: other });
    seeker.letter(2, 'real', [mkPublic]);
    h.desk.mailbox.open(seeker.boxId);
    h.desk.handle(seeker.message());
    assert.deepEqual(h.mailbox.thread!.letters.map((l) => l.problem), ['not_from_owner', 'not_from_owner']);
    assert.equal(h.mailbox.thread!.replyBlock, 'no_owner');
    assert.equal(h.desk.mailbox.reply('hello'), false);
    assert.equal(h.last('reply'), undefined);
  });

  test('letters sealed before my mailbox key existed say so instead of their text', () => {
    const h = withKeys();
    const seeker = seekerThread();
    seeker.letter(1, 'old', []);
    h.desk.mailbox.open(seeker.boxId);
    h.desk.handle(seeker.message());
    assert.deepEqual(h.mailbox.thread!.letters.map((l) => [l.text, l.problem]), [[null, 'sealed_before_key']]);
  });

  test('a kept (older) key still opens the letters sealed to it after renewal', () => {
    const signer = generateSigningKeyPair();
    const old = storedKey(signer, NOW + 3 * DAY);
    const h = withKeys([old.json]);
    assert.ok(h.mk, 'renewed');
    const seeker = seekerThread();
    seeker.letter(1, 'to the old key', [old.keys.publicKey]);
    seeker.letter(2, 'to the new key', [fromBase64Url(h.mk!.public)]);
    h.desk.mailbox.open(seeker.boxId);
    h.desk.handle(seeker.message());
    assert.deepEqual(h.mailbox.thread!.letters.map((l) => l.text), ['to the old key', 'to the new key']);
  });

  test('a letter that came in meanwhile (letter_number) fetches the thread again; closing releases the claim', () => {
    const h = withKeys();
    const seeker = seekerThread();
    seeker.letter(1, 'hello', [fromBase64Url(h.mk!.public)]);
    h.desk.mailbox.open(seeker.boxId);
    h.desk.handle(seeker.message());
    const opens = h.sent.filter((m) => m.type === 'thread_open').length;
    assert.ok(h.desk.mailbox.reply('answer'));
    h.desk.handle({ type: 'error', code: 'letter_number', expected: 3 });
    assert.equal(h.sent.filter((m) => m.type === 'thread_open').length, opens + 1);
    assert.equal(h.mailbox.notices.at(-1), 'mailbox.newLetterArrived');
    assert.equal(h.mailbox.thread?.state, 'claimed');
    h.desk.mailbox.close();
    assert.deepEqual(h.last('thread_release'), { type: 'thread_release', box_id: seeker.boxId });
  });

  test('signing out forgets the list and the thread', () => {
    const h = withKeys();
    const seeker = seekerThread();
    seeker.letter(1, 'hello', [fromBase64Url(h.mk!.public)]);
    h.desk.mailbox.open(seeker.boxId);
    h.desk.handle(seeker.message());
    h.desk.stop();
    assert.equal(h.mailbox.thread, undefined);
    assert.deepEqual(h.mailbox.rows, []);
    assert.equal(h.mailbox.keys.at(-1)?.state, 'none');
  });
});

describe('mailbox across a reconnect and a sign-out', () => {
  test('a new connection watches again and claims the open thread again; a pending key is sent again', () => {
    const h = onDuty();
    h.desk.handle({ type: 'mailbox_keys', keys: [] });
    const upload = h.last('mailbox_key')!;
    const seeker = seekerThread();
    seeker.letter(1, 'hello', [fromBase64Url(upload.public)]);
    h.desk.mailbox.open(seeker.boxId);
    h.desk.connectionLost();
    const before = h.sent.length;
    h.desk.start(account({ identityPublicKey: h.upload.public, wrappedIdentityKey: h.upload.wrapped, certificate: h.certificate }),
      undefined, true);
    const again = h.sent.slice(before);
    assert.deepEqual(again.filter((m) => m.type.startsWith('mailbox') || m.type.startsWith('thread')).map((m) => m.type),
      ['mailbox_key', 'mailbox_watch', 'thread_open']);
    assert.equal(again.find((m) => m.type === 'mailbox_key')?.public, upload.public, 'the same key, not a second one');
  });

  test('a refused duty change is the duty\'s, even while a mailbox key is on its way', () => {
    const h = harness();
    h.desk.start(account(), WRAP(), false);
    const identity = h.last('identity_key')!;
    const cert = makeCertificate(root, fromBase64Url(identity.public), 'anna', NOW + DAY);
    assert.ok(cert.ok);
    h.desk.handle({ type: 'identity_key_saved', certificate: toBase64Url(encodeCertificate(cert.value)) });
    h.desk.handle({ type: 'mailbox_keys', keys: [] });
    h.desk.toggleDuty();
    h.desk.handle({ type: 'error', code: 'not_certified' });
    assert.equal(h.notices.at(-1), 'duty.notCertified');
    assert.equal(h.mailbox.keys.at(-1)?.state, 'making', 'the key is still awaited');
    h.desk.handle({ type: 'mailbox_key_saved', not_after: NOW + 30 * DAY });
    assert.equal(h.mailbox.keys.at(-1)?.state, 'ready');
  });

  test('the ring wipes every secret at sign-out', () => {
    const ring = new MailboxKeyRing();
    const keys = [makeMailboxKey(), makeMailboxKey()];
    keys.forEach((pair, i) => ring.add({ keys: pair, notAfter: NOW + i, publicText: toBase64Url(pair.publicKey) }));
    assert.equal(ring.newest?.notAfter, NOW + 1, 'the newest is the one valid longest');
    ring.wipeAll();
    assert.ok(keys.every((pair) => pair.secretKey.every((byte) => byte === 0)));
    assert.equal(ring.newest, undefined);
  });
});
