// The help-seeker state machine (src/help-seeker/app.ts) fed with the server's messages through a
// fake socket, with a real counsellor channel on the other side: join, queue, closed, the
// handshake, delivery states, resume in the same and a new epoch, transfer, requeue (the same
// conversation), the counsellor's presence, a chat moved to another window, the end with what
// was not delivered, crypto failures (never plaintext), the leave question and the quick exit.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { cryptoReady, generateDhKeyPair, generateSigningKeyPair, type DhKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { signShiftKey } from '../src/crypto/shift_key';
import type { ChatContent } from '../src/chat/content';
import type { ConversationMessage, MessageState } from '../src/chat/conversation';
import { CounsellorChannel } from '../src/chat/secure_channel';
import type { ServerMessage } from '../src/net/server_socket';
import { HelpSeekerApp } from '../src/help-seeker/app';
import type { Language } from '../src/i18n/i18n';
import type { ClosedInfo } from '../src/net/server_messages';
import type { ChatNote, ChatStatus, EndReason, HelpSeekerView, Notice, Screen, WaitingNote, WaitReason } from '../src/help-seeker/view';

// ---- the other side: a certified counsellor ---------------------------------------------------

let root: SigningKeyPair;
let otherRoot: SigningKeyPair;

interface Counsellor { identity: SigningKeyPair; shift: DhKeyPair; bundle: Record<string, unknown> }

function makeCounsellor(pseudonym: string, certifiedBy = root): Counsellor {
  const identity = generateSigningKeyPair();
  const shift = generateDhKeyPair();
  const notAfter = Math.floor(Date.now() / 1000) + 3600;
  const cert = makeCertificate(certifiedBy, identity.publicKey, pseudonym, notAfter + 86400);
  assert.ok(cert.ok);
  return {
    identity,
    shift,
    bundle: {
      identity_key: toBase64Url(identity.publicKey), pseudonym, certificate: toBase64Url(encodeCertificate(cert.value)),
      shift_key: toBase64Url(shift.publicKey), shift_not_after: notAfter,
      shift_signature: toBase64Url(signShiftKey(identity, shift.publicKey, notAfter)), revocation_list: null,
    },
  };
}

before(async () => {
  await cryptoReady();
  root = generateSigningKeyPair();
  otherRoot = generateSigningKeyPair();
});

const CHAT = 'AAECAwQFBgcICQoLDA0ODw'; // 16 bytes as B64

// ---- fakes ----------------------------------------------------------------------------------


/** Records what the state machine asked of the page, as a person would see it. */
class FakeView implements HelpSeekerView {
  language: Language | undefined;
  screen: Screen = 'language';
  screens: Screen[] = [];
  starting = false;
  notice: Notice | undefined;
  queue: { position: number | undefined; wait: number | null } | undefined;
  waitingNote: WaitingNote | undefined;
  closed: ClosedInfo | undefined;
  ended: EndReason | undefined;
  messages: readonly ConversationMessage[] = [];
  notes: ChatNote[] = [];
  status: ChatStatus | undefined;
  canWrite = false;
  waits: WaitReason | undefined;
  peerAway: number | undefined;
  notDelivered: string[] = [];
  typing = false;
  code = '';
  transferShown = false;

  setLanguage(language: Language) { this.language = language; }
  showScreen(screen: Screen) { this.screen = screen; this.screens.push(screen); }
  setStarting(starting: boolean) { this.starting = starting; }
  showNotice(notice: Notice | undefined) { this.notice = notice; }
  showQueue(position: number | undefined, wait: number | null) { this.queue = { position, wait }; }
  showWaitingNote(note: WaitingNote | undefined) { this.waitingNote = note; }
  showClosed(info: ClosedInfo) { this.closed = info; }
  showEnded(reason: EndReason) { this.ended = reason; }
  clearChat() { this.messages = []; this.notes = []; }
  showMessages(messages: readonly ConversationMessage[]) { this.messages = messages; }
  showPeerAway(waitsSeconds: number | undefined) { this.peerAway = waitsSeconds; }
  showNotDelivered(messages: readonly ConversationMessage[]) { this.notDelivered = messages.map((m) => m.text); }
  addNote(note: ChatNote) { this.notes.push(note); }
  setChatStatus(status: ChatStatus) { this.status = status; }
  setCanWrite(canWrite: boolean, waits?: WaitReason) { this.canWrite = canWrite; this.waits = waits; }
  showTyping() { this.typing = true; }
  hideTyping() { this.typing = false; }
  setVerificationCode(code: string) { this.code = code; }
  showTransferRequest(shown: boolean) { this.transferShown = shown; }

  mine(): { text: string; state: MessageState }[] {
    return this.messages.filter((m) => m.from === 'mine').map(({ text, state }) => ({ text, state }));
  }
  theirs(): string[] { return this.messages.filter((m) => m.from === 'theirs').map((m) => m.text); }
  /** Every line in order: "me: text (state)" or "them: text". */
  lines(): string[] { return this.messages.map((m) => (m.from === 'mine' ? `me: ${m.text} (${m.state})` : `them: ${m.text}`)); }
}

/** The socket: what was sent while open; start/stop counted. */
class FakeConnection {
  open = false;
  starts = 0;
  stops = 0;
  urgent: boolean[] = [];
  setUrgent(urgent: boolean) { this.urgent.push(urgent); }
  sent: Record<string, unknown>[] = [];
  start() { this.starts += 1; }
  stop() { this.stops += 1; this.open = false; }
  send(message: object): boolean {
    if (!this.open) return false;
    this.sent.push(JSON.parse(JSON.stringify(message)) as Record<string, unknown>);
    return true;
  }
  ofType(type: string) { return this.sent.filter((m) => m.type === type); }
  last() { return this.sent[this.sent.length - 1]; }
}

/** Timers run only when the test says so. */
class FakeTimers {
  now = 1_000_000;
  private pending = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  schedule = (callback: () => void, ms: number): (() => void) => {
    const handle = this.next++;
    this.pending.set(handle, { at: this.now + ms, callback });
    return () => { this.pending.delete(handle); };
  };
  advance(ms: number): void {
    this.now += ms;
    for (const [handle, timer] of [...this.pending].sort(([, a], [, b]) => a.at - b.at)) {
      if (timer.at > this.now || !this.pending.has(handle)) continue;
      this.pending.delete(handle);
      timer.callback();
    }
  }
}

// ---- the whole rig: the app, its fakes, and a counsellor behind a pretend relay ------------------

class Rig {
  readonly view = new FakeView();
  readonly connection = new FakeConnection();
  readonly timers = new FakeTimers();
  readonly app: HelpSeekerApp;
  counsellor: Counsellor;
  channel: CounsellorChannel | undefined;
  epoch = 0;
  private pumped = 0; // how many of connection.sent the relay has looked at
  private counsellorSeq = 0;
  /** What the counsellor decrypted, in order. */
  heard: ChatContent[] = [];
  /** The counsellor's side of the conversation: the highest help-seeker n it has, its own last n. */
  counsellorHas = 0;
  counsellorWrote = 0;
  /** Whether the counsellor sends its sync as soon as its channel is ready (as a real one does). */
  autoSync = true;
  /** What the leave question was told, in order. */
  leaveGuard: boolean[] = [];

  constructor(counsellor = makeCounsellor('kurator-1')) {
    this.counsellor = counsellor;
    this.app = new HelpSeekerApp({
      view: this.view, connection: this.connection, rootKey: () => root.publicKey,
      nowMs: () => this.timers.now, schedule: this.timers.schedule, language: 'sv',
      leaveGuard: { set: (on) => void this.leaveGuard.push(on) },
    });
    this.app.cryptoLoaded(true);
  }

  server(message: ServerMessage): void {
    this.app.message(message);
  }

  connect(): void {
    this.connection.open = true;
    this.app.opened();
  }

  drop(): void {
    this.connection.open = false;
    this.app.dropped();
  }

  /** From a fresh page to a sent join (support, Swedish unless told). */
  join(language: Language = 'sv', ageBand = '', topic = ''): void {
    this.app.chooseLanguage(language);
    this.app.start({ lane: 'support', ageBand, topic });
    assert.equal(this.connection.starts, 1, 'start opens the connection');
    this.connect();
  }

  /** The server pairs us with `counsellor` in `epoch`. */
  pair(epoch = 0, languageDiffers = false): void {
    this.epoch = epoch;
    this.channel = this.newChannel(epoch);
    this.server({ type: 'paired', chat: CHAT, epoch, lane: 'support', language: 'sv', language_differs: languageDiffers,
      token: `token-${epoch}`, bundle: this.counsellor.bundle });
  }

  newChannel(epoch: number): CounsellorChannel {
    this.counsellorSeq = 0;
    return new CounsellorChannel(fromBase64Url(CHAT), epoch, this.counsellor.identity.publicKey, this.counsellor.shift);
  }

  /**
   * The relay: every msg the app sent since the last call is accepted and handed to the
   * counsellor's channel; the counsellor's replies come back as msgs. Returns the seqs accepted.
   */
  relay({ accept = true } = {}): number[] {
    const fresh = this.connection.sent.slice(this.pumped);
    this.pumped = this.connection.sent.length;
    const seqs: number[] = [];
    for (const frame of fresh.filter((m) => m.type === 'msg')) {
      const seq = frame.seq as number;
      seqs.push(seq);
      if (accept) this.server({ type: 'accepted', seq });
      assert.ok(this.channel, 'a counsellor channel');
      const got = this.channel.receive(frame.payload as string);
      assert.ok(got.ok, `the counsellor reads seq ${seq}: ${got.ok ? '' : got.error}`);
      const content = got.value.content;
      if (content) this.heard.push(content);
      if (content?.type === 'message') this.counsellorHas = Math.max(this.counsellorHas, content.n);
      for (const reply of got.value.replies) this.fromCounsellor(reply);
      if (got.value.ready && this.autoSync) this.say({ type: 'sync', received: this.counsellorHas });
    }
    return seqs;
  }

  /** The texts of the messages the counsellor decrypted, in order (with repeats, as they came). */
  heardTexts(): string[] {
    return this.heard.flatMap((content) => (content.type === 'message' ? [content.text] : []));
  }

  /** The counsellor writes a message (numbered as its page would). */
  write(text: string): void {
    this.say({ type: 'message', n: ++this.counsellorWrote, seen: this.counsellorHas, text });
  }

  /** Skips what the app sent so far (frames a dead relay lost). */
  forgetSent(): void {
    this.pumped = this.connection.sent.length;
  }

  fromCounsellor(payload: string, seq = ++this.counsellorSeq): void {
    this.server({ type: 'msg', seq, payload });
  }

  say(content: ChatContent): void {
    assert.ok(this.channel);
    const sealed = this.channel.seal(content);
    assert.ok(sealed.ok);
    this.fromCounsellor(sealed.value);
  }

  /** Paired and the handshake done: the help-seeker can write. */
  chatting(): void {
    this.join();
    this.pair();
    this.relay(); // hello → reply → header
    this.relay(); // header: the counsellor is ready too
    assert.equal(this.view.canWrite, true);
  }
}

const queued = (position: number, wait: number | null): ServerMessage => ({ type: 'queue', position, estimated_wait: wait });

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

describe('help-seeker: reconnecting, epochs and transfer', () => {
  test('a drop: "reconnecting", then resume with the latest token and last_received; unaccepted frames go again with their seq', () => {
    const rig = new Rig();
    rig.chatting();
    rig.write('hej');
    rig.drop();
    assert.equal(rig.view.status, 'reconnecting');
    assert.equal(rig.view.waits, 'offline', 'the box says what is written waits');
    assert.equal(rig.app.sendMessage('written while away'), true);
    assert.equal(rig.view.mine()[0]!.state, 'waiting');
    rig.connect();
    assert.deepEqual(rig.connection.last(), { type: 'resume', token: 'token-0', last_received: 3 });
    rig.server({ type: 'resumed', chat: CHAT, epoch: 0, new_epoch: false, token: 'token-0b', bundle: rig.counsellor.bundle });
    assert.equal(rig.view.status, 'ready');
    rig.forgetSent(); // the first copy was lost with the connection
    const resent = rig.connection.ofType('msg');
    const seq = resent[resent.length - 1]!.seq;
    assert.equal(seq, 4, 'the same seq as the lost copy');
    rig.drop();
    rig.connect();
    assert.equal(rig.connection.last()!.token, 'token-0b', 'only the latest token is used');
  });

  test('a restart: a new epoch; what the counsellor did not confirm goes again once, nothing twice; the epoch message brings the bundle', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.sendMessage('arrived');
    rig.app.sendMessage('maybe lost');
    rig.relay(); // the counsellor decrypted both; the acknowledgement dies with the server
    rig.drop();
    rig.connect();
    rig.server({ type: 'resumed', chat: CHAT, epoch: 1, new_epoch: true, token: 'token-1', bundle: null });
    assert.deepEqual(rig.view.mine(), [{ text: 'arrived', state: 'waiting' }, { text: 'maybe lost', state: 'waiting' }]);
    assert.deepEqual(rig.view.notes, ['new_code']);
    assert.equal(rig.view.status, 'waitingForCounsellor');
    assert.equal(rig.view.code, '');
    rig.counsellorHas = 1; // the counsellor's page had shown only the first one

    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'epoch', chat: CHAT, epoch: 1, token: 'token-1b', bundle: rig.counsellor.bundle });
    const hello = rig.connection.ofType('msg').at(-1)!;
    assert.equal(hello.seq, 1, 'numbering starts again');
    rig.relay();
    rig.relay();
    rig.relay();
    assert.equal(rig.view.canWrite, true);
    assert.equal(rig.view.code, rig.channel.verificationCode);
    assert.deepEqual(rig.view.mine(), [{ text: 'arrived', state: 'delivered' }, { text: 'maybe lost', state: 'waiting' }],
      'the counsellor\'s sync says what it has');
    rig.app.sendMessage('after the restart');
    rig.relay();
    assert.deepEqual(rig.heardTexts(), ['arrived', 'maybe lost', 'maybe lost', 'after the restart'],
      'only the missing one went again');
  });

  test('resumed with the new epoch\'s bundle starts at once, and a later epoch message for it is not a second handshake', () => {
    const rig = new Rig();
    rig.chatting();
    rig.drop();
    rig.connect();
    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'resumed', chat: CHAT, epoch: 1, new_epoch: true, token: 'token-1', bundle: rig.counsellor.bundle });
    rig.server({ type: 'epoch', chat: CHAT, epoch: 1, token: 'token-1b', bundle: rig.counsellor.bundle });
    assert.equal(rig.connection.ofType('msg').filter((m) => m.seq === 1).length, 2, 'one hello in each epoch, no more');
    rig.relay();
    rig.relay();
    assert.equal(rig.view.canWrite, true);
  });

  test('a drop while waiting for the new epoch\'s bundle: the resume brings it and the handshake starts', () => {
    const rig = new Rig();
    rig.chatting();
    rig.drop();
    rig.connect();
    rig.server({ type: 'resumed', chat: CHAT, epoch: 1, new_epoch: true, token: 'token-1', bundle: null });
    rig.drop(); // the `epoch` message is lost with this connection
    rig.connect();
    assert.deepEqual(rig.connection.last(), { type: 'resume', token: 'token-1', last_received: 0 });
    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'resumed', chat: CHAT, epoch: 1, new_epoch: false, token: 'token-1b', bundle: rig.counsellor.bundle });
    rig.relay();
    rig.relay();
    assert.equal(rig.view.canWrite, true);
  });

  test('transfer: asked for consent; on transferred a new handshake with the new counsellor', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'transfer_request', chat: CHAT });
    assert.equal(rig.view.transferShown, true);
    rig.app.answerTransfer(true);
    assert.deepEqual(rig.connection.last(), { type: 'transfer_consent', accept: true });
    assert.equal(rig.view.transferShown, false);
    assert.equal(rig.view.status, 'handingOver');

    const oldCode = rig.view.code;
    rig.counsellor = makeCounsellor('kurator-2');
    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'transferred', chat: CHAT, epoch: 1, token: 'token-t', bundle: rig.counsellor.bundle });
    assert.deepEqual(rig.view.notes, ['transferred']);
    assert.equal(rig.view.waits, 'securing');
    rig.relay();
    rig.relay();
    assert.equal(rig.view.waits, undefined);
    assert.notEqual(rig.view.code, oldCode);
    rig.drop();
    rig.connect();
    assert.equal(rig.connection.last()!.token, 'token-t');
  });

  test('declining a transfer says no; a failed transfer is explained and the chat goes on', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'transfer_request', chat: CHAT });
    rig.app.answerTransfer(false);
    assert.deepEqual(rig.connection.last(), { type: 'transfer_consent', accept: false });
    rig.server({ type: 'transfer_failed', chat: CHAT });
    assert.deepEqual(rig.view.notes, ['transfer_failed']);
    assert.equal(rig.view.canWrite, true);
  });

  test('the counsellor gone: back to the waiting room, then the same conversation with the next counsellor', () => {
    const rig = new Rig();
    rig.chatting();
    rig.write('hej, jag heter Anna');
    rig.app.sendMessage('delivered before');
    const [seq] = rig.relay();
    rig.server({ type: 'delivered', seq: seq! });
    rig.server({ type: 'peer_away', chat: CHAT, waits_seconds: 60 });
    rig.app.sendMessage('written while they were away');
    rig.relay({ accept: true });
    rig.server({ type: 'undelivered', chat: CHAT, seqs: [seq! + 1] });
    rig.server({ type: 'requeued', reason: 'counsellor_gone' });
    rig.server(queued(1, null));
    assert.equal(rig.view.screen, 'waiting');
    assert.equal(rig.view.waitingNote, 'requeued');
    assert.deepEqual(rig.leaveGuard.at(-1), true, 'still asks before leaving: the conversation goes on');
    assert.ok(!rig.view.screens.includes('ended'));
    rig.timers.advance(5000);
    assert.equal(rig.view.screen, 'waiting');

    rig.counsellor = makeCounsellor('kurator-2');
    rig.heard = [];
    rig.counsellorHas = 0; // a new counsellor has none of it
    rig.forgetSent();
    rig.pair();
    assert.equal(rig.view.screen, 'chat');
    assert.deepEqual(rig.view.notes.at(-1), 'repaired', 'the person is told what happened');
    assert.deepEqual(rig.view.lines(), ['them: hej, jag heter Anna', 'me: delivered before (delivered)',
      'me: written while they were away (waiting)'], 'the same conversation, nothing shown twice');
    assert.equal(rig.view.peerAway, undefined);
    rig.relay();
    rig.relay();
    rig.relay();
    assert.deepEqual(rig.heardTexts(), ['delivered before', 'written while they were away'],
      'the new counsellor gets what the person wrote (their sync said they have none of it)');
  });

  test('requeued, then closed on the way back into the queue: a later start is a new conversation', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.sendMessage('from the first chat');
    rig.server({ type: 'requeued', reason: 'counsellor_gone' });
    rig.drop();
    rig.connect(); // the place was given up with the connection: join again
    rig.server({ type: 'closed', reason: 'no_counsellor', emergency_numbers: [], texts: {}, next_opening: null, next_opening_local: null });
    assert.equal(rig.view.screen, 'closed');
    assert.deepEqual(rig.leaveGuard.at(-1), false);
    rig.app.start({ lane: 'support', ageBand: '', topic: '' });
    rig.connect();
    rig.pair();
    assert.deepEqual(rig.view.messages, [], 'nothing of the first chat');
    assert.ok(!rig.view.notes.includes('repaired'));
  });

  test('the counsellor gone without a requeue: the chat has ended', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'chat_ended', chat: CHAT, reason: 'counsellor_gone' });
    rig.timers.advance(2000);
    assert.equal(rig.view.ended, 'counsellor_gone');
  });

  test('resume_failed: the chat could not continue', () => {
    const rig = new Rig();
    rig.chatting();
    rig.drop();
    rig.connect();
    rig.server({ type: 'error', code: 'resume_failed', message: 'x' });
    assert.equal(rig.view.ended, 'resume_failed');
  });
});

describe('help-seeker: the counsellor\'s presence and a chat moved elsewhere (issue 20)', () => {
  test('peer_away: told at once how long we wait, the box stays open and says the messages wait; peer_back clears it', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'peer_away', chat: CHAT, waits_seconds: 60 });
    assert.equal(rig.view.peerAway, 60);
    assert.equal(rig.view.canWrite, true);
    assert.equal(rig.view.waits, 'counsellor_away');
    assert.equal(rig.app.sendMessage('are you there?'), true);
    assert.deepEqual(rig.view.mine(), [{ text: 'are you there?', state: 'waiting' }]);
    rig.server({ type: 'peer_back', chat: CHAT });
    assert.equal(rig.view.peerAway, undefined);
    assert.equal(rig.view.waits, undefined);
    assert.deepEqual(rig.view.notes.at(-1), 'counsellor_back');
  });

  test('the counsellor back without keys: a new epoch with a new code; what they missed goes again, once', () => {
    const rig = new Rig();
    rig.chatting();
    rig.write('ett');
    rig.app.sendMessage('svar ett');
    rig.relay();
    rig.server({ type: 'peer_away', chat: CHAT, waits_seconds: 60 });
    rig.app.sendMessage('while you were away');
    rig.relay();
    const oldCode = rig.view.code;
    // The reloaded console asked for a new epoch; it has nothing of the conversation.
    rig.counsellorHas = 0;
    rig.counsellorWrote = 1;
    rig.heard = [];
    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'epoch', chat: CHAT, epoch: 1, token: 'token-1', reason: 'counsellor_reconnected', bundle: rig.counsellor.bundle });
    assert.deepEqual(rig.view.notes.at(-1), 'counsellor_reconnected');
    assert.equal(rig.view.peerAway, undefined, 'the counsellor is back');
    assert.equal(rig.view.code, '', 'the old code is gone');
    rig.relay();
    rig.relay();
    rig.relay();
    assert.notEqual(rig.view.code, oldCode);
    assert.equal(rig.view.code, rig.channel.verificationCode, 'a new code on both sides');
    assert.deepEqual(rig.heardTexts(), ['svar ett', 'while you were away'], 'each once');
    rig.write('två');
    assert.deepEqual(rig.view.lines(), ['them: ett', 'me: svar ett (waiting)', 'me: while you were away (waiting)', 'them: två']);
  });

  test('moved_elsewhere: the chat continues in another window; this page ends and never resumes', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'moved_elsewhere', chat: CHAT });
    assert.equal(rig.view.screen, 'ended');
    assert.equal(rig.view.ended, 'moved_elsewhere');
    assert.equal(rig.connection.stops, 1, 'the connection is let go');
    rig.connect();
    assert.deepEqual(rig.connection.ofType('resume'), [], 'no resume from this page');
  });

  test('the leave question and quick reconnects follow the conversation', () => {
    const rig = new Rig();
    rig.join();
    assert.ok(!rig.leaveGuard.includes(true), 'not while choosing or waiting the first time');
    rig.pair();
    assert.deepEqual(rig.leaveGuard.at(-1), true);
    assert.deepEqual(rig.connection.urgent.at(-1), true);
    rig.app.endChat();
    assert.deepEqual(rig.leaveGuard.at(-1), false);
    assert.deepEqual(rig.connection.urgent.at(-1), false);
  });
});

describe('help-seeker: quick exit', () => {
  test('in a chat: the end goes to the server, the connection stops, nothing more happens', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.quickExit();
    assert.deepEqual(rig.connection.last(), { type: 'end' });
    rig.relay();
    assert.deepEqual(rig.heard.at(-1), { type: 'end' });
    assert.equal(rig.connection.stops, 1);
    assert.deepEqual(rig.leaveGuard.at(-1), false);
    const screens = rig.view.screens.length;
    rig.write('too late');
    assert.equal(rig.view.screens.length, screens);
    assert.deepEqual(rig.view.theirs(), []);
  });

  test('in the queue: leave', () => {
    const rig = new Rig();
    rig.join();
    rig.server(queued(1, null));
    rig.app.quickExit();
    assert.deepEqual(rig.connection.last(), { type: 'leave' });
    assert.equal(rig.connection.stops, 1);
  });

  test('before joining: nothing is sent', () => {
    const rig = new Rig();
    rig.app.chooseLanguage('sv');
    rig.app.quickExit();
    assert.deepEqual(rig.connection.sent, []);
  });
});
