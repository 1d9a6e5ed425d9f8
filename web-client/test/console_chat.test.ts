// One chat on the counsellor's desk (src/counsellor/chat_session.ts) against a real help-seeker
// channel: the handshake over relay frames, content both ways, delivery states, duplicates, gaps,
// tampering (never plaintext), typing throttle, the sealed end and a new epoch.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parseBundle } from '../src/chat/bundle_json';
import type { AckFrame, DeliveryState, MsgFrame } from '../src/chat/relay_link';
import { HelpSeekerChannel } from '../src/chat/secure_channel';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { cryptoReady, generateDhKeyPair, generateSigningKeyPair, type DhKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { signShiftKey } from '../src/crypto/shift_key';
import { ChatSession, TYPING_INTERVAL_MS, type ChatSessionEvents, type SecureFailure } from '../src/counsellor/chat_session';

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
  states: Map<number, DeliveryState>;
  failures: SecureFailure[];
  theirs: string[];
  code: string;
}

function makeSession(shift: DhKeyPair | undefined, clock = { now: 0 }) {
  const recorded: Recorded = { sent: [], log: [], states: new Map(), failures: [], theirs: [], code: '' };
  const events: ChatSessionEvents = {
    secured: (code) => { recorded.code = code; recorded.log.push('secured'); },
    theirMessage: (text) => { recorded.theirs.push(text); recorded.log.push(`theirs:${text}`); },
    theirTyping: () => void recorded.log.push('typing'),
    myMessageState: (id, state) => { recorded.states.set(id, state); recorded.log.push(`state:${id}:${state}`); },
    secureFailed: (failure) => { recorded.failures.push(failure); recorded.log.push(`failed:${failure}`); },
    theyEnded: () => void recorded.log.push('theyEnded'),
    newEpoch: (epoch) => void recorded.log.push(`epoch:${epoch}`),
  };
  const session = new ChatSession(CHAT, SID, 0, identity.publicKey, shift,
    { send: (frame) => { recorded.sent.push(frame); return true; }, now: () => clock.now }, events);
  return { session, recorded, clock };
}

/** The help-seeker side of the relay: numbers its frames and opens the counsellor's. */
class FakeSeeker {
  channel: HelpSeekerChannel;
  nextSeq = 1;
  taken = 0;
  got: string[] = [];
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
      if (step.value.content?.type === 'message') this.got.push(step.value.content.text);
      else if (step.value.content) this.got.push(`<${step.value.content.type}>`);
    }
    return replies;
  }
  seal(text: string): string {
    const sealed = this.channel.seal({ type: 'message', text });
    assert.ok(sealed.ok);
    return sealed.value;
  }
}

/** A session and a help-seeker with the handshake done; returns the help-seeker's next seq too. */
function securedPair() {
  const shift = generateDhKeyPair();
  const made = makeSession(shift);
  const seeker = new FakeSeeker(shift);
  made.session.receive(seeker.nextSeq++, seeker.hello);
  const [header] = seeker.take(made.recorded.sent);
  assert.ok(header);
  made.session.receive(seeker.nextSeq++, header);
  return { ...made, seeker, shift };
}

describe('a chat on the desk', () => {
  test('the handshake runs by itself and both sides show the same code', () => {
    const { recorded, seeker, session } = securedPair();
    assert.equal(session.phase, 'ready');
    assert.match(recorded.code, /^\d{6}$/);
    assert.equal(recorded.code, seeker.channel.verificationCode);
    const acks = recorded.sent.filter((frame) => frame.type === 'ack').map((frame) => frame.seq);
    assert.deepEqual(acks, [1, 2], 'each frame taken is acknowledged');
  });

  test('messages go both ways and ours move from sending to sent to delivered', () => {
    const { session, recorded, seeker } = securedPair();
    session.receive(seeker.nextSeq++, seeker.seal('Hej, jag behöver prata'));
    assert.deepEqual(recorded.theirs, ['Hej, jag behöver prata']);
    const id = session.sendText('Jag finns här.');
    assert.equal(id, 1);
    const frame = recorded.sent.at(-1) as MsgFrame;
    assert.equal(frame.seq, 2, 'seq 1 was the handshake reply');
    assert.ok(!Buffer.from(fromBase64Url(frame.payload)).toString('latin1').includes('finns'), 'no plaintext on the wire');
    session.accepted(2);
    assert.equal(recorded.states.get(1), 'sent');
    session.delivered(2);
    assert.equal(recorded.states.get(1), 'delivered');
    seeker.take(recorded.sent);
    assert.deepEqual(seeker.got, ['Jag finns här.']);
  });

  test('a frame sent again after a reconnect is acknowledged again and not shown twice', () => {
    const { session, recorded, seeker } = securedPair();
    const payload = seeker.seal('en gång');
    const seq = seeker.nextSeq++;
    session.receive(seq, payload);
    const sentBefore = recorded.sent.length;
    session.receive(seq, payload);
    assert.deepEqual(recorded.theirs, ['en gång']);
    assert.deepEqual(recorded.sent.slice(sentBefore), [{ type: 'ack', chat: CHAT, seq }]);
  });

  test('a missing frame fails the chat, and nothing after it is opened', () => {
    const { session, recorded, seeker } = securedPair();
    seeker.seal('lost on the way');
    session.receive(seeker.nextSeq + 1, seeker.seal('after the gap'));
    assert.deepEqual(recorded.failures, ['frame_rejected']);
    assert.deepEqual(recorded.theirs, []);
    assert.equal(session.phase, 'failed');
  });

  test('a tampered frame fails the chat: no plaintext shown, nothing more sealed', () => {
    const { session, recorded, seeker } = securedPair();
    const bytes = fromBase64Url(seeker.seal('secret words'));
    bytes[bytes.length - 2]! ^= 0x40;
    session.receive(seeker.nextSeq++, toBase64Url(bytes));
    assert.deepEqual(recorded.failures, ['frame_rejected']);
    assert.deepEqual(recorded.theirs, []);
    const sentBefore = recorded.sent.length;
    assert.equal(session.sendText('still there?'), undefined, 'a failed chat sends nothing');
    session.typing();
    session.sealEnd();
    assert.equal(recorded.sent.length, sentBefore);
    session.receive(seeker.nextSeq++, seeker.seal('later'));
    assert.deepEqual(recorded.theirs, [], 'nothing is opened after a failure');
  });

  test('a chat without a shift key fails at once instead of starting', () => {
    const { session, recorded } = makeSession(undefined);
    session.checkStartable();
    assert.deepEqual(recorded.failures, ['no_shift_key']);
    assert.equal(session.sendText('x'), undefined);
  });

  test('nothing can be sent before the help-seeker has proven the keys', () => {
    const shift = generateDhKeyPair();
    const { session, recorded } = makeSession(shift);
    const seeker = new FakeSeeker(shift);
    session.receive(1, seeker.hello);
    assert.equal(session.phase, 'securing');
    assert.equal(session.sendText('too early'), undefined);
    assert.equal(recorded.sent.filter((frame) => frame.type === 'msg').length, 1, 'only the handshake reply');
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
    assert.deepEqual(recorded.theirs, []);
  });

  test('our end is sealed as the final frame', () => {
    const { session, recorded, seeker } = securedPair();
    session.sealEnd();
    seeker.take(recorded.sent);
    assert.deepEqual(seeker.got, ['<end>']);
    assert.equal(session.sendText('after the end'), undefined);
  });

  test('after a reconnect only frames without accepted are sent again; out_of_order resends from expected', () => {
    const { session, recorded } = securedPair();
    session.sendText('one');
    session.sendText('two');
    session.accepted(1);
    session.accepted(2);
    const before = recorded.sent.length;
    session.resend();
    assert.deepEqual(recorded.sent.slice(before).map((frame) => frame.seq), [3]);
    session.resend(4);
    assert.equal(recorded.sent.length, before + 1);
  });

  test('a new epoch marks what was not delivered and runs a fresh handshake with the given key', () => {
    const { session, recorded } = securedPair();
    session.sendText('never arrives');
    const newShift = generateDhKeyPair();
    session.newEpoch(1, newShift);
    assert.equal(recorded.states.get(1), 'undelivered');
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
  });

  test('undelivered frames are reported once', () => {
    const { session, recorded } = securedPair();
    session.sendText('a');
    session.undelivered([2, 9]);
    assert.equal(recorded.states.get(1), 'undelivered');
    assert.equal(recorded.log.filter((line) => line.startsWith('state:1:')).length, 1);
  });
});
