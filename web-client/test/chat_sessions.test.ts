// The two real chat sessions (src/help-seeker/seeker_chat.ts and src/counsellor/counsellor_chat.ts, both over src/chat/chat_session.ts)
// talking through a simulated relay with real handshakes and secretstreams: restarts in the
// middle of bursts both ways (frames opened but their acks lost, frames lost in flight), a
// console that reloads, a transfer, a re-pairing after requeued. Each ends with both sides
// showing every message once, in the same order, and every message delivered.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Conversation } from '../src/chat/conversation';
import type { AckFrame, MsgFrame } from '../src/chat/relay_link';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { toBase64Url } from '../src/crypto/encoding';
import { cryptoReady, generateDhKeyPair, generateSigningKeyPair, type DhKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { signShiftKey } from '../src/crypto/shift_key';
import { CounsellorChat as DeskSession } from '../src/counsellor/counsellor_chat';
import { SeekerChat as SeekerSession } from '../src/help-seeker/seeker_chat';

const NOW = 1_800_000_000;
let root: SigningKeyPair;

before(async () => {
  await cryptoReady();
  root = generateSigningKeyPair();
});

/** One counsellor: an identity certified by the root, and the bundle the server hands out for a shift key. */
class Counsellor {
  readonly identity = generateSigningKeyPair();
  constructor(readonly pseudonym: string) {}
  bundle(shift: DhKeyPair): Record<string, unknown> {
    const cert = makeCertificate(root, this.identity.publicKey, this.pseudonym, NOW + 86400);
    assert.ok(cert.ok);
    return {
      identity_key: toBase64Url(this.identity.publicKey), pseudonym: this.pseudonym,
      certificate: toBase64Url(encodeCertificate(cert.value)), shift_key: toBase64Url(shift.publicKey),
      shift_not_after: NOW + 3600, shift_signature: toBase64Url(signShiftKey(this.identity, shift.publicKey, NOW + 3600)),
      revocation_list: null,
    };
  }
}

/** A small deterministic random source, so a failing run can be replayed. */
function randomFrom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * below);
  };
}

/**
 * The server's relay for one chat, simplified: frames are accepted at once and queued per
 * direction; the receiver's ack becomes the sender's `delivered` unless acks are being lost (the
 * server died before passing them on). A restart drops whatever was still queued.
 */
class Relay {
  seeker!: SeekerSession;
  desk!: DeskSession;
  toDesk: MsgFrame[] = [];
  toSeeker: MsgFrame[] = [];
  acksLost = false;
  epoch = 0;
  deskCode = '';
  counsellor: Counsellor;
  private readonly sid: Uint8Array;

  constructor(readonly chat: string, counsellor: Counsellor, seekerConversation?: Conversation) {
    this.counsellor = counsellor;
    this.sid = new Uint8Array(Buffer.from(chat, 'base64url'));
    const seeker = SeekerSession.open(chat, 'token', 0, seekerConversation);
    assert.ok(seeker);
    this.seeker = seeker;
    this.handshake(this.newDesk(0));
  }

  /** A console's session for this chat (a fresh page has an empty conversation). */
  newDesk(epoch: number, shift = generateDhKeyPair()): DhKeyPair {
    this.desk = new DeskSession(this.chat, this.sid, epoch, this.counsellor.identity.publicKey, shift, {
      send: (frame) => { this.fromDesk(frame); return true; },
      now: () => 0,
    }, {
      secured: (code) => { this.deskCode = code; }, messagesChanged: () => {}, theirTyping: () => {}, secureFailed: (failure) => assert.fail(`the console's channel failed: ${failure}`),
      theyEnded: () => {}, newEpoch: () => {},
    });
    return shift;
  }

  /** The help-seeker starts the handshake of the current epoch with the counsellor's bundle; all of it runs. */
  handshake(shift: DhKeyPair): void {
    const hello = this.seeker.startHandshake(this.counsellor.bundle(shift), root.publicKey, NOW);
    assert.ok(hello.ok, 'the help-seeker accepts the bundle');
    this.fromSeeker([hello.value]);
    this.pump();
    assert.ok(this.seeker.ready && this.desk.phase === 'ready', 'both sides are secured');
    assert.equal(this.seeker.verificationCode, this.deskCode, 'both sides show the same code');
  }

  /** A server restart (or a console's new_epoch): what was queued is gone, and both sides start epoch n+1. */
  restart(): void {
    this.toDesk = [];
    this.toSeeker = [];
    this.acksLost = false;
    this.epoch++;
    this.seeker.enterEpoch(this.epoch);
    const shift = generateDhKeyPair();
    this.desk.newEpoch(this.epoch, shift);
    this.handshake(shift);
  }

  /** The console reloads: its page (and conversation) is gone; it comes back in a new epoch. */
  reloadConsole(): void {
    this.toDesk = [];
    this.toSeeker = [];
    this.desk.close();
    this.epoch++;
    this.seeker.enterEpoch(this.epoch);
    // assigned (returning) in the old epoch, then the epoch the console asked for.
    this.newDesk(this.epoch - 1);
    const shift = generateDhKeyPair();
    this.desk.newEpoch(this.epoch, shift);
    this.handshake(shift);
  }

  /** A transfer: the old console's chat is over, another counsellor takes it in the next epoch. */
  transferTo(counsellor: Counsellor): void {
    this.toDesk = [];
    this.toSeeker = [];
    this.desk.close();
    this.counsellor = counsellor;
    this.epoch++;
    this.seeker.enterEpoch(this.epoch);
    this.handshake(this.newDesk(this.epoch));
  }

  seekerWrites(text: string): void {
    const written = this.seeker.write(text);
    assert.ok(written.ok);
    this.fromSeeker(written.value.frames);
  }

  deskWrites(text: string): void {
    assert.ok(this.desk.write(text) !== undefined, 'the console takes the message');
  }

  /** Gives the next queued frame to the desk; false when none. */
  stepToDesk(): boolean {
    const frame = this.toDesk.shift();
    if (!frame) return false;
    this.desk.receive(frame.seq, frame.payload);
    return true;
  }

  /** Gives the next queued frame to the help-seeker, who acknowledges it; false when none. */
  stepToSeeker(): boolean {
    const frame = this.toSeeker.shift();
    if (!frame) return false;
    const got = this.seeker.receive(frame.seq, frame.payload);
    assert.ok(got.ok, `the help-seeker opens frame ${frame.seq}`);
    this.fromSeeker(got.value.replies);
    const ack = this.seeker.ack();
    if (!this.acksLost) this.desk.delivered(ack.seq);
    return true;
  }

  pump(): void {
    while (this.stepToDesk() || this.stepToSeeker()) { /* until both queues are empty */ }
  }

  private fromSeeker(frames: readonly MsgFrame[]): void {
    for (const frame of frames) {
      this.seeker.accepted(frame.seq);
      this.toDesk.push(frame);
    }
  }

  private fromDesk(frame: MsgFrame | AckFrame): void {
    if (frame.type === 'ack') {
      if (!this.acksLost) this.seeker.delivered(frame.seq);
      return;
    }
    this.desk.accepted(frame.seq);
    this.toSeeker.push(frame);
  }
}

const chatId = (fill: number) => toBase64Url(new Uint8Array(16).fill(fill));

/** A side's list as "H:text" / "C:text" (the same strings on both sides when they agree). */
function shown(messages: readonly { from: 'mine' | 'theirs'; text: string }[], side: 'help_seeker' | 'counsellor'): string[] {
  return messages.map((m) => `${(m.from === 'mine') === (side === 'help_seeker') ? 'H' : 'C'}:${m.text}`);
}

function assertAllOnceInOrder(relay: Relay, wroteH: readonly string[], wroteC: readonly string[]): void {
  const seekerList = shown(relay.seeker.messages(), 'help_seeker');
  const deskList = shown(relay.desk.messages(), 'counsellor');
  assert.deepEqual(seekerList, deskList, 'both sides show the same messages in the same order');
  assert.deepEqual(seekerList.filter((line) => line.startsWith('H:')), wroteH.map((text) => `H:${text}`),
    'every help-seeker message once, in the order written');
  assert.deepEqual(seekerList.filter((line) => line.startsWith('C:')), wroteC.map((text) => `C:${text}`),
    'every counsellor message once, in the order written');
  const notDelivered = [...relay.seeker.messages(), ...relay.desk.messages()].filter((m) => m.state !== 'delivered');
  assert.deepEqual(notDelivered, [], 'each sender sees every message delivered');
}

describe('two sessions through a relay', () => {
  test('restarts in the middle of bursts both ways: nothing lost, nothing twice, the same order on both sides', () => {
    const random = randomFrom(20261203);
    const relay = new Relay(chatId(1), new Counsellor('anna'));
    const wroteH: string[] = [];
    const wroteC: string[] = [];
    let openedButUnacked = 0;
    let lostInFlight = 0;
    for (let round = 0; round < 24; round++) {
      // A burst from both sides, partly carried, then acks stop reaching the server, then it dies.
      for (let i = random(5); i > 0; i--) {
        const text = `H${wroteH.length + 1}`;
        wroteH.push(text);
        relay.seekerWrites(text);
      }
      for (let i = random(5); i > 0; i--) {
        const text = `C${wroteC.length + 1}`;
        wroteC.push(text);
        relay.deskWrites(text);
      }
      for (let i = random(4); i > 0; i--) relay.stepToDesk() || relay.stepToSeeker();
      relay.acksLost = true;
      for (let i = random(4); i > 0; i--) {
        const frame = random(2) === 0 ? relay.toDesk[0] : relay.toSeeker[0];
        if (frame === undefined) continue;
        if (relay.toDesk[0] === frame) relay.stepToDesk();
        else relay.stepToSeeker();
        openedButUnacked++;
      }
      lostInFlight += relay.toDesk.length + relay.toSeeker.length;
      relay.restart();
    }
    relay.pump();
    assert.ok(openedButUnacked >= 10 && lostInFlight >= 10,
      `the run covered both kinds of loss (opened but unacked ${openedButUnacked}, lost in flight ${lostInFlight})`);
    assert.ok(wroteH.length >= 20 && wroteC.length >= 20);
    assertAllOnceInOrder(relay, wroteH, wroteC);
  });

  test('frames the peer opened but whose acks died are marked delivered by its sync and not sent again', () => {
    const relay = new Relay(chatId(2), new Counsellor('anna'));
    relay.acksLost = true;
    relay.seekerWrites('opened, never acknowledged');
    relay.pump();
    const [message] = relay.seeker.messages();
    assert.equal(message?.state, 'waiting', 'no delivered reached the help-seeker');
    relay.restart();
    assert.equal(relay.seeker.messages()[0]?.state, 'delivered', 'the console\'s sync said it has it');
    assertAllOnceInOrder(relay, ['opened, never acknowledged'], []);
  });

  test('messages written before the peer\'s sync wait, and go once the new epoch is synced', () => {
    const relay = new Relay(chatId(3), new Counsellor('anna'));
    relay.toDesk = [];
    relay.epoch++;
    relay.seeker.enterEpoch(relay.epoch);
    const shift = generateDhKeyPair();
    relay.desk.newEpoch(relay.epoch, shift);
    // Both write while the new handshake has not even started.
    relay.seekerWrites('while securing (help-seeker)');
    relay.deskWrites('while securing (counsellor)');
    assert.deepEqual(relay.toDesk, [], 'nothing leaves the help-seeker before the counsellor\'s sync');
    assert.deepEqual(relay.toSeeker, [], 'nothing leaves the console before the help-seeker\'s sync');
    assert.deepEqual(relay.seeker.messages().map((m) => m.state), ['waiting']);
    relay.handshake(shift);
    assertAllOnceInOrder(relay, ['while securing (help-seeker)'], ['while securing (counsellor)']);
  });

  test('a reloaded console gets the help-seeker\'s messages once and numbers on after the help-seeker\'s R', () => {
    const relay = new Relay(chatId(4), new Counsellor('anna'));
    relay.seekerWrites('h1');
    relay.pump();
    for (const text of ['c1', 'c2', 'c3']) relay.deskWrites(text);
    relay.pump();
    relay.seekerWrites('h2 (written while the console reloads)');
    relay.reloadConsole();
    assert.deepEqual(shown(relay.desk.messages(), 'counsellor'), ['H:h1', 'H:h2 (written while the console reloads)'],
      'the reloaded console has the help-seeker\'s messages, each once');
    relay.deskWrites('c4 after the reload');
    relay.pump();
    // Had the console started again at 1, the help-seeker would drop this as a duplicate of c1.
    assert.deepEqual(shown(relay.seeker.messages(), 'help_seeker'),
      ['H:h1', 'C:c1', 'C:c2', 'C:c3', 'H:h2 (written while the console reloads)', 'C:c4 after the reload']);
    assert.deepEqual(shown(relay.desk.messages(), 'counsellor'),
      ['H:h1', 'H:h2 (written while the console reloads)', 'C:c4 after the reload']);
    assert.ok(relay.seeker.messages().every((m) => m.state === 'delivered'));
  });

  test('a transfer: the new counsellor gets the help-seeker\'s messages once and continues the numbering', () => {
    const relay = new Relay(chatId(5), new Counsellor('anna'));
    relay.seekerWrites('to anna');
    relay.pump();
    relay.deskWrites('anna answers');
    relay.pump();
    relay.deskWrites('anna, never delivered');
    const oldDesk = relay.desk;
    relay.transferTo(new Counsellor('bodil'));
    assert.deepEqual(oldDesk.messages().map((m) => m.state), ['delivered', 'delivered', 'not_delivered'],
      'the old console shows what never reached the help-seeker');
    relay.deskWrites('bodil here');
    relay.pump();
    relay.seekerWrites('hej bodil');
    relay.pump();
    assert.deepEqual(shown(relay.seeker.messages(), 'help_seeker'), ['H:to anna', 'C:anna answers', 'C:bodil here', 'H:hej bodil']);
    assert.deepEqual(shown(relay.desk.messages(), 'counsellor'), ['H:to anna', 'C:bodil here', 'H:hej bodil']);
  });

  test('requeued and paired again: the same conversation goes on with a new chat id and a new counsellor', () => {
    const first = new Relay(chatId(6), new Counsellor('anna'));
    first.seekerWrites('before anna was gone');
    first.pump();
    first.deskWrites('anna');
    first.pump();
    first.seekerWrites('written as anna dropped');
    const conversation = first.seeker.conversation;
    first.seeker.undelivered([...first.toDesk.map((frame) => frame.seq)]);
    first.seeker.wipe();
    assert.equal(conversation.messages().at(-1)?.state, 'waiting', 'requeued is not the end');
    const second = new Relay(chatId(7), new Counsellor('cecilia'), conversation);
    second.deskWrites('cecilia');
    second.pump();
    assert.deepEqual(shown(second.seeker.messages(), 'help_seeker'),
      ['H:before anna was gone', 'C:anna', 'H:written as anna dropped', 'C:cecilia']);
    assert.deepEqual(shown(second.desk.messages(), 'counsellor'),
      ['H:before anna was gone', 'H:written as anna dropped', 'C:cecilia']);
    assert.ok(second.seeker.messages().every((m) => m.state === 'delivered'));
  });

  test('the end turns every message still waiting into not delivered, on the help-seeker\'s page too', () => {
    const relay = new Relay(chatId(8), new Counsellor('anna'));
    relay.seekerWrites('arrives');
    relay.pump();
    relay.seekerWrites('still in flight at the end');
    const ended = relay.seeker.endConversation();
    assert.equal(ended.length, 1);
    assert.deepEqual(relay.seeker.messages().map((m) => [m.text, m.state]),
      [['arrives', 'delivered'], ['still in flight at the end', 'not_delivered']]);
    assert.equal(relay.seeker.write('after the end').ok, false);
  });
});
