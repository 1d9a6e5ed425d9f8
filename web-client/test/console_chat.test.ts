// One chat on the counsellor's desk (src/counsellor/counsellor_chat.ts) against a real help-seeker
// channel: the handshake over relay frames, the syncs, content both ways, delivery states,
// duplicates, gaps, tampering (never plaintext), typing throttle, the sealed end and a new epoch.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parseBundle } from '../src/chat/bundle_json';
import { TYPING_INTERVAL_MS } from '../src/chat/chat_session';
import type { ChatContent } from '../src/chat/content';
import type { ConversationMessage } from '../src/chat/conversation';
import type { AckFrame, MsgFrame } from '../src/chat/relay_link';
import { HelpSeekerChannel } from '../src/chat/secure_channel';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { cryptoReady, generateDhKeyPair, generateSigningKeyPair, type DhKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { signShiftKey } from '../src/crypto/shift_key';
import { CounsellorChat, type CounsellorChatEvents, type SecureFailure } from '../src/counsellor/counsellor_chat';

const NOW = 1_800_000_000;
const SID = new Uint8Array(16).fill(5);
const CHAT = 'BQUFBQUFBQUFBQUFBQUFBQ';
let root: SigningKeyPair;
let identity: SigningKeyPair;

before(async () => {
  await cryptoReady();
  root = generateSigningKeyPair();
  identity = generateSigningKeyPair();
});

/** The bundle the server would give the help-seeker for this shift key. */
function bundleFor(shift: DhKeyPair) {
  const cert = makeCertificate(root, identity.publicKey, 'anna', NOW + 86400);
  assert.ok(cert.ok);
  const parsed = parseBundle({
    identity_key: toBase64Url(identity.publicKey), pseudonym: 'anna', certificate: toBase64Url(encodeCertificate(cert.value)),
    shift_key: toBase64Url(shift.publicKey), shift_not_after: NOW + 3600,
    shift_signature: toBase64Url(signShiftKey(identity, shift.publicKey, NOW + 3600)), revocation_list: null,
  });
  assert.ok(parsed);
  return parsed;
}

interface Recorded {
  sent: (MsgFrame | AckFrame)[];
  log: string[];
  failures: SecureFailure[];
  // The panel's list after the last messagesChanged.
  shown: readonly ConversationMessage[];
  code: string;
}

const theirTexts = (recorded: Recorded) => recorded.shown.filter((m) => m.from === 'theirs').map((m) => m.text);
const stateOf = (recorded: Recorded, id: string | undefined) => recorded.shown.find((m) => m.id === id)?.state;

function makeSession(shift: DhKeyPair | undefined, clock = { now: 0 }) {
  const recorded: Recorded = { sent: [], log: [], failures: [], shown: [], code: '' };
  const events: CounsellorChatEvents = {
    secured: (code) => { recorded.code = code; recorded.log.push('secured'); },
    messagesChanged: (messages) => { recorded.shown = messages; recorded.log.push('changed'); },
    theirTyping: () => void recorded.log.push('typing'),
    secureFailed: (failure) => { recorded.failures.push(failure); recorded.log.push(`failed:${failure}`); },
    theyEnded: () => void recorded.log.push('theyEnded'),
    newEpoch: (epoch) => void recorded.log.push(`epoch:${epoch}`),
  };
  const session = new CounsellorChat(CHAT, SID, 0, identity.publicKey, shift,
    { send: (frame) => { recorded.sent.push(frame); return true; }, now: () => clock.now }, events);
  return { session, recorded, clock };
}

/** The help-seeker side of the relay: numbers its frames and opens the counsellor's. */
class FakeSeeker {
  channel: HelpSeekerChannel;
  nextSeq = 1;
  taken = 0;
  nextN = 1;
  got: string[] = [];
  contents: ChatContent[] = [];
  constructor(shift: DhKeyPair, readonly epoch = 0) {
    const started = HelpSeekerChannel.start(root.publicKey, bundleFor(shift), SID, epoch, NOW);
    assert.ok(started.ok);
    this.channel = started.value.channel;
    this.hello = started.value.hello;
  }
  hello: string;
  /** Takes the counsellor's msg frames from `sent` that it has not seen yet; returns replies to deliver. */
  take(sent: (MsgFrame | AckFrame)[]): string[] {
    const replies: string[] = [];
    for (const frame of sent) {
      if (frame.type !== 'msg' || frame.seq <= this.taken) continue;
      this.taken = frame.seq;
      const step = this.channel.receive(frame.payload);
      assert.ok(step.ok, `the help-seeker opens frame ${frame.seq}`);
      replies.push(...step.value.replies);
      const content = step.value.content;
      if (content) this.contents.push(content);
      if (content?.type === 'message') this.got.push(content.text);
      else if (content) this.got.push(`<${content.type}>`);
    }
    return replies;
  }
  seal(text: string, seen = 0): string {
    return this.sealContent({ type: 'message', n: this.nextN++, seen, text });
  }
  sealContent(content: ChatContent): string {
    const sealed = this.channel.seal(content);
    assert.ok(sealed.ok);
    return sealed.value;
  }
}

/** A session and a help-seeker with the handshake done and both syncs exchanged (the help-seeker's had nothing). */
function securedPair() {
  const shift = generateDhKeyPair();
  const made = makeSession(shift);
  const seeker = new FakeSeeker(shift);
  made.session.receive(seeker.nextSeq++, seeker.hello);
  const [header] = seeker.take(made.recorded.sent);
  assert.ok(header);
  made.session.receive(seeker.nextSeq++, header);
  seeker.take(made.recorded.sent);
  assert.deepEqual(seeker.contents, [{ type: 'sync', received: 0 }], 'the console\'s first content is its sync');
  made.session.receive(seeker.nextSeq++, seeker.sealContent({ type: 'sync', received: 0 }));
  return { ...made, seeker, shift };
}

describe('a chat on the desk', () => {
  test('the handshake runs by itself and both sides show the same code', () => {
    const { recorded, seeker, session } = securedPair();
    assert.equal(session.phase, 'ready');
    assert.match(recorded.code, /^\d{6}$/);
    assert.equal(recorded.code, seeker.channel.verificationCode);
    const acks = recorded.sent.filter((frame) => frame.type === 'ack').map((frame) => frame.seq);
    assert.deepEqual(acks, [1, 2, 3], 'each frame taken is acknowledged');
  });

  test('messages go both ways and ours move from waiting to delivered on the relay\'s delivered', () => {
    const { session, recorded, seeker } = securedPair();
    session.receive(seeker.nextSeq++, seeker.seal('Hej, jag behöver prata'));
    assert.deepEqual(theirTexts(recorded), ['Hej, jag behöver prata']);
    const id = session.write('Jag finns här.');
    assert.ok(id);
    assert.equal(stateOf(recorded, id), 'waiting');
    const frame = recorded.sent.at(-1) as MsgFrame;
    assert.equal(frame.seq, 3, 'seq 1 was the handshake reply, 2 the sync');
    assert.ok(!Buffer.from(fromBase64Url(frame.payload)).toString('latin1').includes('finns'), 'no plaintext on the wire');
    session.accepted(3);
    assert.equal(stateOf(recorded, id), 'waiting', 'the server having it is not the help-seeker having it');
    session.delivered(3);
    assert.equal(stateOf(recorded, id), 'delivered');
    seeker.take(recorded.sent);
    assert.deepEqual(seeker.contents.at(-1), { type: 'message', n: 1, seen: 1, text: 'Jag finns här.' });
    assert.deepEqual(recorded.shown.map((m) => [m.from, m.text]), [['theirs', 'Hej, jag behöver prata'], ['mine', 'Jag finns här.']]);
  });

  test('a frame sent again after a reconnect is acknowledged again and not shown twice', () => {
    const { session, recorded, seeker } = securedPair();
    const payload = seeker.seal('en gång');
    const seq = seeker.nextSeq++;
    session.receive(seq, payload);
    const sentBefore = recorded.sent.length;
    session.receive(seq, payload);
    assert.deepEqual(theirTexts(recorded), ['en gång']);
    assert.deepEqual(recorded.sent.slice(sentBefore), [{ type: 'ack', chat: CHAT, seq }]);
  });

  test('a message number already taken is dropped even in a new frame', () => {
    const { session, recorded, seeker } = securedPair();
    session.receive(seeker.nextSeq++, seeker.sealContent({ type: 'message', n: 1, seen: 0, text: 'first' }));
    session.receive(seeker.nextSeq++, seeker.sealContent({ type: 'message', n: 1, seen: 0, text: 'first' }));
    session.receive(seeker.nextSeq++, seeker.sealContent({ type: 'message', n: 2, seen: 0, text: 'second' }));
    assert.deepEqual(theirTexts(recorded), ['first', 'second']);
  });

  test('a missing frame fails the chat, and nothing after it is opened', () => {
    const { session, recorded, seeker } = securedPair();
    seeker.seal('lost on the way');
    session.receive(seeker.nextSeq + 1, seeker.seal('after the gap'));
    assert.deepEqual(recorded.failures, ['frame_rejected']);
    assert.deepEqual(theirTexts(recorded), []);
    assert.equal(session.phase, 'failed');
  });

  test('a tampered frame fails the chat: no plaintext shown, nothing more sealed', () => {
    const { session, recorded, seeker } = securedPair();
    const bytes = fromBase64Url(seeker.seal('secret words'));
    bytes[bytes.length - 2]! ^= 0x40;
    session.receive(seeker.nextSeq++, toBase64Url(bytes));
    assert.deepEqual(recorded.failures, ['frame_rejected']);
    assert.deepEqual(theirTexts(recorded), []);
    const sentBefore = recorded.sent.length;
    assert.equal(session.write('still there?'), undefined, 'a failed chat takes no message');
    session.typing();
    session.sealEnd();
    assert.equal(recorded.sent.length, sentBefore);
    session.receive(seeker.nextSeq++, seeker.seal('later'));
    assert.deepEqual(theirTexts(recorded), [], 'nothing is opened after a failure');
  });

  test('a chat without a shift key fails at once instead of starting', () => {
    const { session, recorded } = makeSession(undefined);
    session.checkStartable();
    assert.deepEqual(recorded.failures, ['no_shift_key']);
    assert.equal(session.write('x'), undefined);
  });

  test('what is written before the help-seeker\'s sync waits, then goes out once, in order', () => {
    const shift = generateDhKeyPair();
    const { session, recorded } = makeSession(shift);
    const seeker = new FakeSeeker(shift);
    session.receive(1, seeker.hello);
    assert.equal(session.phase, 'securing');
    const early = session.write('too early to send');
    assert.ok(early, 'the counsellor may write while the chat is being secured');
    assert.equal(stateOf(recorded, early), 'waiting');
    assert.equal(recorded.sent.filter((frame) => frame.type === 'msg').length, 1, 'only the handshake reply');
    const [header] = seeker.take(recorded.sent);
    session.receive(2, header!);
    session.write('still before their sync');
    seeker.take(recorded.sent);
    assert.deepEqual(seeker.contents, [{ type: 'sync', received: 0 }], 'held until the help-seeker\'s sync');
    session.receive(3, seeker.sealContent({ type: 'sync', received: 0 }));
    seeker.take(recorded.sent);
    assert.deepEqual(seeker.contents.slice(1), [
      { type: 'message', n: 1, seen: 0, text: 'too early to send' },
      { type: 'message', n: 2, seen: 0, text: 'still before their sync' },
    ]);
    const again = seeker.contents.length;
    session.receive(4, seeker.sealContent({ type: 'sync', received: 0 }));
    seeker.take(recorded.sent);
    assert.equal(seeker.contents.length, again, 'a second sync in one epoch sends nothing again');
  });

  test('typing goes out at most every 3 seconds', () => {
    const { session, recorded, clock } = securedPair();
    const msgs = () => recorded.sent.filter((frame) => frame.type === 'msg').length;
    const before = msgs();
    clock.now = 10_000;
    session.typing();
    session.typing();
    clock.now += TYPING_INTERVAL_MS - 1;
    session.typing();
    assert.equal(msgs(), before + 1);
    clock.now += 1;
    session.typing();
    assert.equal(msgs(), before + 2);
  });

  test('the help-seeker\'s typing and end are reported, not shown as messages', () => {
    const { session, recorded, seeker } = securedPair();
    const typing = seeker.channel.seal({ type: 'typing' });
    assert.ok(typing.ok);
    session.receive(seeker.nextSeq++, typing.value);
    const end = seeker.channel.seal({ type: 'end' });
    assert.ok(end.ok);
    session.receive(seeker.nextSeq++, end.value);
    assert.deepEqual(recorded.log.slice(-2), ['typing', 'theyEnded']);
    assert.deepEqual(theirTexts(recorded), []);
  });

  test('our end is sealed as the final frame', () => {
    const { session, recorded, seeker } = securedPair();
    session.sealEnd();
    seeker.take(recorded.sent);
    assert.deepEqual(seeker.got, ['<sync>', '<end>']);
    assert.equal(session.write('after the end'), undefined);
  });

  test('after a reconnect only frames without accepted are sent again; out_of_order resends from expected', () => {
    const { session, recorded } = securedPair();
    session.write('one');
    session.write('two');
    session.accepted(1);
    session.accepted(2);
    session.accepted(3);
    const before = recorded.sent.length;
    session.resend();
    assert.deepEqual(recorded.sent.slice(before).map((frame) => frame.seq), [4]);
    session.resend(5);
    assert.equal(recorded.sent.length, before + 1);
  });

  test('a new epoch keeps what was not delivered waiting and sends it once after the new sync', () => {
    const { session, recorded } = securedPair();
    const id = session.write('not confirmed before the epoch ended');
    const newShift = generateDhKeyPair();
    session.undelivered([3]);
    session.newEpoch(1, newShift);
    assert.equal(stateOf(recorded, id), 'waiting', 'a new epoch loses nothing');
    assert.equal(session.phase, 'securing');
    const seeker = new FakeSeeker(newShift, 1);
    const before = recorded.sent.length;
    session.receive(1, seeker.hello);
    const reply = recorded.sent.slice(before).find((frame) => frame.type === 'msg') as MsgFrame;
    assert.equal(reply.seq, 1, 'numbering starts again at 1');
    const [header] = seeker.take(recorded.sent.slice(before));
    assert.ok(header);
    session.receive(2, header);
    assert.equal(session.phase, 'ready');
    assert.equal(recorded.code, seeker.channel.verificationCode);
    assert.ok(recorded.log.includes('epoch:1'));
    seeker.take(recorded.sent.slice(before));
    session.receive(3, seeker.sealContent({ type: 'sync', received: 0 }));
    seeker.take(recorded.sent.slice(before));
    assert.deepEqual(seeker.contents, [{ type: 'sync', received: 0 },
      { type: 'message', n: 1, seen: 0, text: 'not confirmed before the epoch ended' }]);
  });

  test('the peer\'s sync marks what it has as delivered even without the relay\'s delivered', () => {
    const { session, recorded } = securedPair();
    const id = session.write('arrived, but the ack died with the server');
    session.newEpoch(1, generateDhKeyPair());
    // The help-seeker of the new epoch says it has our message 1.
    const newShift = generateDhKeyPair();
    session.newEpoch(2, newShift);
    const seeker = new FakeSeeker(newShift, 2);
    const before = recorded.sent.length;
    session.receive(1, seeker.hello);
    const [header] = seeker.take(recorded.sent.slice(before));
    session.receive(2, header!);
    seeker.take(recorded.sent.slice(before));
    session.receive(3, seeker.sealContent({ type: 'sync', received: 1 }));
    seeker.take(recorded.sent.slice(before));
    assert.equal(stateOf(recorded, id), 'delivered');
    assert.deepEqual(seeker.contents, [{ type: 'sync', received: 0 }], 'nothing is sent again');
  });

  test('closing the chat with messages still waiting marks them not delivered', () => {
    const { session, recorded } = securedPair();
    const delivered = session.write('arrives');
    const waiting = session.write('never confirmed');
    session.delivered(3);
    session.close();
    assert.equal(stateOf(recorded, delivered), 'delivered');
    assert.equal(stateOf(recorded, waiting), 'not_delivered');
  });
});
