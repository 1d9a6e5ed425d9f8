// The chat core that both pages share: the secure channel (both roles) over end-to-end frames,
// the content shapes, the bundle as the server sends it, and the relay numbering.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { cryptoReady, generateDhKeyPair, generateSigningKeyPair, type DhKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { signShiftKey } from '../src/crypto/shift_key';
import { parseBundle, type ReceivedBundle } from '../src/chat/bundle_json';
import { decodeContent, MAX_MESSAGE_CHARACTERS, MAX_MESSAGE_NUMBER, messageFits } from '../src/chat/content';
import { decodeFrame, FrameKind } from '../src/chat/e2e_frames';
import { RelayLink } from '../src/chat/relay_link';
import { CounsellorChannel, HelpSeekerChannel } from '../src/chat/secure_channel';

const NOW = 1_800_000_000;
let root: SigningKeyPair;
let identity: SigningKeyPair;
let shift: DhKeyPair;
let bundleJson: Record<string, unknown>;

before(async () => {
  await cryptoReady();
  root = generateSigningKeyPair();
  identity = generateSigningKeyPair();
  shift = generateDhKeyPair();
  const cert = makeCertificate(root, identity.publicKey, 'kurator-7', NOW + 86400);
  assert.ok(cert.ok);
  bundleJson = {
    identity_key: toBase64Url(identity.publicKey),
    pseudonym: 'kurator-7',
    certificate: toBase64Url(encodeCertificate(cert.value)),
    shift_key: toBase64Url(shift.publicKey),
    shift_not_after: NOW + 3600,
    shift_signature: toBase64Url(signShiftKey(identity, shift.publicKey, NOW + 3600)),
    revocation_list: null,
  };
});

const sid = () => new Uint8Array(16).fill(7);
const bundle = (): ReceivedBundle => {
  const parsed = parseBundle(bundleJson);
  assert.ok(parsed, 'the bundle parses');
  return parsed;
};

/** Runs the three handshake frames between two fresh channels. */
function connectedPair(epoch = 0) {
  const started = HelpSeekerChannel.start(root.publicKey, bundle(), sid(), epoch, NOW);
  assert.ok(started.ok, 'the help-seeker accepts a certified bundle');
  const helpSeeker = started.value.channel;
  const counsellor = new CounsellorChannel(sid(), epoch, identity.publicKey, shift);
  const reply = counsellor.receive(started.value.hello);
  assert.ok(reply.ok);
  assert.equal(reply.value.replies.length, 1);
  const header = helpSeeker.receive(reply.value.replies[0]!);
  assert.ok(header.ok && header.value.ready);
  const done = counsellor.receive(header.value.replies[0]!);
  assert.ok(done.ok && done.value.ready);
  return { helpSeeker, counsellor };
}

describe('secure channel', () => {
  test('both sides agree on keys and the verification code, and talk both ways', () => {
    const { helpSeeker, counsellor } = connectedPair();
    assert.match(helpSeeker.verificationCode, /^\d{6}$/);
    assert.equal(helpSeeker.verificationCode, counsellor.verificationCode);

    const hello = helpSeeker.seal({ type: 'message', n: 1, seen: 0, text: 'Hej, jag behöver prata' });
    assert.ok(hello.ok);
    const got = counsellor.receive(hello.value);
    assert.ok(got.ok);
    assert.deepEqual(got.value.content, { type: 'message', n: 1, seen: 0, text: 'Hej, jag behöver prata' });

    const answer = counsellor.seal({ type: 'message', n: 1, seen: 1, text: 'مرحبا، أنا هنا' });
    assert.ok(answer.ok);
    const back = helpSeeker.receive(answer.value);
    assert.ok(back.ok);
    assert.deepEqual(back.value.content, { type: 'message', n: 1, seen: 1, text: 'مرحبا، أنا هنا' });
  });

  test('a payload on the wire holds no plaintext and is padded to 256-byte blocks', () => {
    const { helpSeeker } = connectedPair();
    const sealed = helpSeeker.seal({ type: 'message', n: 1, seen: 0, text: 'canary-words' });
    assert.ok(sealed.ok);
    const frame = decodeFrame(sealed.value);
    assert.equal(frame?.kind, FrameKind.sealed);
    assert.equal((frame!.data.length - 17) % 256, 0);
    assert.ok(!Buffer.from(fromBase64Url(sealed.value)).toString('latin1').includes('canary'));
  });

  test('the counsellor cannot send before the help-seeker has proven the keys', () => {
    const started = HelpSeekerChannel.start(root.publicKey, bundle(), sid(), 0, NOW);
    assert.ok(started.ok);
    const counsellor = new CounsellorChannel(sid(), 0, identity.publicKey, shift);
    assert.ok(counsellor.receive(started.value.hello).ok);
    const early = counsellor.seal({ type: 'message', n: 1, seen: 0, text: 'too early' });
    assert.deepEqual(early, { ok: false, error: 'stream_closed' });
  });

  test('a bundle certified by another root never starts a chat', () => {
    const otherRoot = generateSigningKeyPair();
    const started = HelpSeekerChannel.start(otherRoot.publicKey, bundle(), sid(), 0, NOW);
    assert.deepEqual(started, { ok: false, error: 'bad_signature' });
    assert.deepEqual(HelpSeekerChannel.start(undefined, bundle(), sid(), 0, NOW), { ok: false, error: 'no_root_key' });
  });

  test('a tampered frame is refused and the stream stays dead', () => {
    const { helpSeeker, counsellor } = connectedPair();
    const sealed = helpSeeker.seal({ type: 'message', n: 1, seen: 0, text: 'one' });
    assert.ok(sealed.ok);
    const bytes = fromBase64Url(sealed.value);
    bytes[bytes.length - 1]! ^= 1;
    assert.deepEqual(counsellor.receive(toBase64Url(bytes)), { ok: false, error: 'frame_rejected' });
    const next = helpSeeker.seal({ type: 'message', n: 1, seen: 0, text: 'two' });
    assert.ok(next.ok);
    assert.deepEqual(counsellor.receive(next.value), { ok: false, error: 'stream_closed' });
  });

  test('a handshake frame out of place is refused', () => {
    const { helpSeeker, counsellor } = connectedPair();
    const started = HelpSeekerChannel.start(root.publicKey, bundle(), sid(), 0, NOW);
    assert.ok(started.ok);
    assert.deepEqual(counsellor.receive(started.value.hello), { ok: false, error: 'frame_rejected' });
    assert.deepEqual(helpSeeker.receive('BA'), { ok: false, error: 'frame_rejected' });
    assert.deepEqual(helpSeeker.receive('not base64!'), { ok: false, error: 'malformed' });
  });

  test('the end is sealed as the final frame: nothing can be sent after it', () => {
    const { helpSeeker, counsellor } = connectedPair();
    const end = counsellor.seal({ type: 'end' });
    assert.ok(end.ok);
    const got = helpSeeker.receive(end.value);
    assert.ok(got.ok);
    assert.deepEqual(got.value.content, { type: 'end' });
    assert.deepEqual(counsellor.seal({ type: 'message', n: 1, seen: 0, text: 'after' }), { ok: false, error: 'stream_closed' });
  });

  test('a new epoch agrees on different keys', () => {
    const first = connectedPair(0);
    const second = connectedPair(1);
    const sealed = first.helpSeeker.seal({ type: 'message', n: 1, seen: 0, text: 'old epoch' });
    assert.ok(sealed.ok);
    assert.deepEqual(second.counsellor.receive(sealed.value), { ok: false, error: 'frame_rejected' });
  });
});

describe('content and bundle shapes', () => {
  test('only the four known shapes are content, each exactly as docs/crypto.md gives it', () => {
    assert.deepEqual(decodeContent('{"type":"message","n":3,"seen":0,"text":"hej"}'), { type: 'message', n: 3, seen: 0, text: 'hej' });
    assert.deepEqual(decodeContent('{"type":"sync","received":0}'), { type: 'sync', received: 0 });
    assert.deepEqual(decodeContent('{"type":"sync","received":12}'), { type: 'sync', received: 12 });
    assert.deepEqual(decodeContent('{"type":"typing"}'), { type: 'typing' });
    assert.deepEqual(decodeContent('{"type":"end"}'), { type: 'end' });
    assert.deepEqual(decodeContent('{"type":"message","n":1,"seen":0,"text":"x","later":true}'),
      { type: 'message', n: 1, seen: 0, text: 'x' }, 'a field a newer client adds is ignored');
    assert.equal(decodeContent('{"type":"html","text":"<b>"}'), undefined);
    assert.equal(decodeContent('{"type":"read","id":1}'), undefined, 'there is no read receipt in version 1');
    assert.equal(decodeContent('[1]'), undefined);
    assert.equal(decodeContent('null'), undefined);
    assert.equal(decodeContent('not json'), undefined);
  });

  test('a message or sync with a missing, negative, fractional, huge or mistyped number is dropped', () => {
    const message = (fields: Record<string, unknown>) => decodeContent(JSON.stringify({ type: 'message', n: 1, seen: 0, text: 'x', ...fields }));
    assert.ok(message({}));
    for (const bad of [0, -1, 1.5, '1', null, MAX_MESSAGE_NUMBER + 1, 2 ** 53]) assert.equal(message({ n: bad }), undefined, `n ${String(bad)}`);
    for (const bad of [-1, 0.5, '0', null, MAX_MESSAGE_NUMBER + 1]) assert.equal(message({ seen: bad }), undefined, `seen ${String(bad)}`);
    assert.equal(decodeContent('{"type":"message","seen":0,"text":"x"}'), undefined, 'no n');
    assert.equal(decodeContent('{"type":"message","n":1,"text":"x"}'), undefined, 'no seen');
    assert.equal(message({ text: '' }), undefined);
    assert.equal(message({ text: 'x'.repeat(MAX_MESSAGE_CHARACTERS + 1) }), undefined);
    assert.equal(message({ text: 7 }), undefined);
    assert.ok(message({ n: MAX_MESSAGE_NUMBER, seen: MAX_MESSAGE_NUMBER }));
    for (const bad of [-1, 2.5, '3', null, undefined, MAX_MESSAGE_NUMBER + 1]) {
      assert.equal(decodeContent(JSON.stringify({ type: 'sync', received: bad })), undefined, `received ${String(bad)}`);
    }
  });

  test('a text fits one frame only if its JSON does at the widest numbers', () => {
    assert.ok(messageFits('ö'.repeat(MAX_MESSAGE_CHARACTERS)));
    assert.ok(messageFits('界'.repeat(MAX_MESSAGE_CHARACTERS)), '3 bytes a character still fits');
    assert.ok(!messageFits(''));
    assert.ok(!messageFits('x'.repeat(MAX_MESSAGE_CHARACTERS + 1)));
    assert.ok(!messageFits('\u0001'.repeat(MAX_MESSAGE_CHARACTERS)), 'control characters are escaped to 6 bytes each in JSON');
  });

  test('a bundle with a missing or malformed field is no bundle', () => {
    assert.equal(parseBundle(null), undefined);
    assert.equal(parseBundle({ ...bundleJson, shift_key: undefined }), undefined);
    assert.equal(parseBundle({ ...bundleJson, certificate: 'AAAA' }), undefined);
    assert.equal(parseBundle({ ...bundleJson, identity_key: 'not base64!' }), undefined);
  });
});

describe('relay link', () => {
  test('numbers frames from 1 and follows each to delivered', () => {
    const link = new RelayLink('chat-id', 0);
    assert.equal(link.send('a').seq, 1);
    assert.equal(link.send('b').seq, 2);
    assert.equal(link.send('c').seq, 3);
    assert.ok(link.accepted(1));
    assert.ok(!link.accepted(1), 'accepting twice changes nothing');
    assert.deepEqual(link.unaccepted().map((f) => f.seq), [2, 3]);
    assert.deepEqual(link.delivered(2), [1, 2]);
    assert.deepEqual(link.pending(), [3]);
  });

  test('after a reconnect only frames without accepted are sent again, from where the server says', () => {
    const link = new RelayLink('chat-id', 0);
    for (const payload of ['a', 'b', 'c', 'd']) link.send(payload);
    link.accepted(1);
    link.accepted(2);
    assert.deepEqual(link.unaccepted().map((f) => [f.seq, f.payload]), [[3, 'c'], [4, 'd']]);
    assert.deepEqual(link.unaccepted(4).map((f) => f.seq), [4]);
  });

  test('undelivered frames are reported once and no longer tracked', () => {
    const link = new RelayLink('chat-id', 0);
    link.send('a');
    link.send('b');
    assert.deepEqual(link.undelivered([2, 9]), [2]);
    assert.deepEqual(link.pending(), [1]);
  });

  test('incoming frames are taken once and in order, and acknowledged cumulatively', () => {
    const link = new RelayLink('chat-id', 3);
    assert.equal(link.receive(1), 'new');
    assert.equal(link.receive(1), 'duplicate');
    assert.equal(link.receive(3), 'gap');
    assert.equal(link.receive(2), 'new');
    assert.deepEqual(link.ack(), { type: 'ack', chat: 'chat-id', seq: 2 });
    assert.equal(link.lastReceived, 2);
  });
});
