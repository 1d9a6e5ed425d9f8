// The rig of the help-seeker page's tests (help_seeker_app.test.ts, help_seeker_reconnect.test.ts;
// its certified counsellor serves chat_session.test.ts too): the state machine (src/help-seeker/app.ts)
// fed with the server's messages through a fake socket, a view that records what a person would see,
// timers that run when the test says so, and a real certified counsellor channel behind a pretend relay.
import assert from 'node:assert/strict';
import { before } from 'node:test';
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

export let root: SigningKeyPair;
export let otherRoot: SigningKeyPair;

export interface Counsellor { identity: SigningKeyPair; shift: DhKeyPair; bundle: Record<string, unknown> }

export function makeCounsellor(pseudonym: string, certifiedBy = root): Counsellor {
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

export const CHAT = 'AAECAwQFBgcICQoLDA0ODw'; // 16 bytes as B64

// ---- fakes ----------------------------------------------------------------------------------


/** Records what the state machine asked of the page, as a person would see it. */
export class FakeView implements HelpSeekerView {
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
  counsellor: string | undefined;
  setCounsellor(pseudonym: string | undefined) { this.counsellor = pseudonym; }

  mine(): { text: string; state: MessageState }[] {
    return this.messages.filter((m) => m.from === 'mine').map(({ text, state }) => ({ text, state }));
  }
  theirs(): string[] { return this.messages.filter((m) => m.from === 'theirs').map((m) => m.text); }
  /** Every line in order: "me: text (state)" or "them: text". */
  lines(): string[] { return this.messages.map((m) => (m.from === 'mine' ? `me: ${m.text} (${m.state})` : `them: ${m.text}`)); }
}

/** The socket: what was sent while open; start/stop counted. */
export class FakeConnection {
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
export class FakeTimers {
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

export class Rig {
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

export const queued = (position: number, wait: number | null): ServerMessage => ({ type: 'queue', position, estimated_wait: wait });
