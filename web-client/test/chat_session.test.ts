// The shared chat session (src/chat/chat_session.ts) on its own, both sides of one chat wired
// through a pretend relay with real channels: what both pages rely on from the one delivery
// module (held messages released by the peer's sync, each once; the sealed end stopping
// everything; refused and missing frames; the typing throttle per epoch; resend from a seq).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBundle } from '../src/chat/bundle_json';
import { ChatSession, TYPING_INTERVAL_MS } from '../src/chat/chat_session';
import { Conversation } from '../src/chat/conversation';
import type { MsgFrame } from '../src/chat/relay_link';
import { CounsellorChannel, HelpSeekerChannel } from '../src/chat/secure_channel';
import { makeCounsellor, root } from './help_seeker_rig';

const SID = new Uint8Array(16).fill(9);
const CHAT = 'CQkJCQkJCQkJCQkJCQkJCQ'; // SID in URL-safe base64

/** Both sides of one chat and the frames in flight between them. */
class Pair {
  readonly seeker = new ChatSession(CHAT, 0, new Conversation('help_seeker'));
  readonly desk = new ChatSession(CHAT, 0, new Conversation('counsellor'));
  toDesk: MsgFrame[] = [];
  toSeeker: MsgFrame[] = [];
  typingSeen = 0;

  /** Starts epoch `epoch` on both sides (the first one, or a new one); the handshake runs at the next pump(). */
  secure(epoch = 0): void {
    if (epoch !== this.seeker.epoch) {
      this.seeker.enterEpoch(epoch);
      this.desk.enterEpoch(epoch);
    }
    // A certified counsellor with a fresh shift key (the rig's before() made the root and readied libsodium).
    const counsellor = makeCounsellor('anna');
    this.desk.useChannel(new CounsellorChannel(SID, epoch, counsellor.identity.publicKey, counsellor.shift));
    const bundle = parseBundle(counsellor.bundle);
    assert.ok(bundle);
    const started = HelpSeekerChannel.start(root.publicKey, bundle, SID, epoch, Math.floor(Date.now() / 1000));
    assert.ok(started.ok);
    const hello = this.seeker.useChannel(started.value.channel, started.value.hello);
    assert.ok(hello);
    this.toDesk.push(hello);
  }

  /** Delivers every frame in flight, both ways, until none is left; acks become `delivered`. */
  pump(): void {
    for (let round = 0; round < 50 && (this.toDesk.length > 0 || this.toSeeker.length > 0); round++) {
      this.deliver(this.toDesk.splice(0), this.desk, this.seeker, this.toSeeker);
      this.deliver(this.toSeeker.splice(0), this.seeker, this.desk, this.toDesk);
    }
    assert.equal(this.toDesk.length + this.toSeeker.length, 0, 'the relay went quiet');
  }

  private deliver(frames: MsgFrame[], to: ChatSession, from: ChatSession, back: MsgFrame[]): void {
    for (const frame of frames) {
      from.accepted(frame.seq);
      const got = to.receive(frame.seq, frame.payload);
      assert.equal(got.error, undefined, `frame ${frame.seq} taken`);
      if (got.content?.type === 'typing') this.typingSeen++;
      back.push(...got.replies);
      from.delivered(to.ack().seq);
    }
  }
}

const texts = (session: ChatSession) => session.messages().map((m) => `${m.from}:${m.text}:${m.state}`);

describe('the shared chat session', () => {
  test('messages written on both sides before the channel is ready go once the peer\'s sync is here, each once, and are delivered', () => {
    const pair = new Pair();
    const early = pair.seeker.write('hej');
    assert.ok(early.ok);
    assert.deepEqual(pair.seeker.release().frames, [], 'held: no channel yet');
    assert.ok(pair.desk.write('välkommen').ok);
    pair.secure();
    pair.pump();
    assert.ok(pair.seeker.ready && pair.desk.ready);
    assert.equal(pair.seeker.verificationCode, pair.desk.verificationCode);
    assert.deepEqual(pair.desk.release().frames, [], 'the console\'s message went with the sync of the help-seeker');
    assert.ok(pair.desk.write('hur kan jag hjälpa?').ok);
    pair.toSeeker.push(...pair.desk.release().frames);
    pair.pump();
    assert.deepEqual(texts(pair.seeker), texts(pair.desk).map((line) => line.replace(/^(mine|theirs)/, (who) => (who === 'mine' ? 'theirs' : 'mine'))),
      'both sides show the same conversation');
    assert.deepEqual(texts(pair.seeker), ['mine:hej:delivered', 'theirs:välkommen:delivered', 'theirs:hur kan jag hjälpa?:delivered']);
  });

  test('after our sealed end nothing more goes out: no message, no typing', () => {
    const pair = new Pair();
    pair.secure();
    pair.pump();
    assert.ok(pair.seeker.endFrame(), 'the end is sealed');
    assert.equal(pair.seeker.endFrame(), undefined, 'only once');
    assert.ok(pair.seeker.write('one more').ok, 'it is kept, waiting');
    assert.deepEqual(pair.seeker.release().frames, []);
    assert.equal(pair.seeker.typingFrame(Date.now()), undefined);
    assert.deepEqual(pair.seeker.endConversation().length, 1, 'at the end it is not delivered');
  });

  test('a frame before any channel is taken but never opened; a missing frame stops the channel', () => {
    const pair = new Pair();
    const before = pair.desk.receive(1, 'AAAA');
    assert.equal(before.order, 'new');
    assert.equal(before.error, 'stream_closed');
    assert.equal(pair.desk.ack().seq, 1, 'acknowledged, so the server can let it go');
    const gap = pair.desk.receive(3, 'AAAA');
    assert.equal(gap.order, 'gap');
    assert.equal(gap.error, 'frame_rejected');
    const again = pair.desk.receive(1, 'AAAA');
    assert.equal(again.order, 'duplicate');
    assert.equal(again.error, undefined);
  });

  test('typing goes at most every TYPING_INTERVAL_MS, and at once in a new epoch', () => {
    const pair = new Pair();
    pair.secure();
    pair.pump();
    const t0 = 5_000_000;
    const first = pair.desk.typingFrame(t0);
    assert.ok(first);
    assert.equal(pair.desk.typingFrame(t0 + TYPING_INTERVAL_MS - 1), undefined);
    const later = pair.desk.typingFrame(t0 + TYPING_INTERVAL_MS);
    assert.ok(later);
    pair.toSeeker.push(first, later);
    pair.pump();
    assert.equal(pair.typingSeen, 2, 'the help-seeker sees each typing notice');
    pair.secure(1);
    pair.pump();
    assert.ok(pair.desk.typingFrame(t0 + TYPING_INTERVAL_MS + 1), 'a new epoch starts the throttle again');
  });

  test('frames the server has not accepted go again from the seq it expects, in order', () => {
    const pair = new Pair();
    pair.secure();
    pair.pump();
    for (const text of ['ett', 'två', 'tre']) assert.ok(pair.seeker.write(text).ok);
    const frames = pair.seeker.release().frames;
    assert.equal(frames.length, 3);
    pair.seeker.accepted(frames[0]!.seq);
    assert.deepEqual(pair.seeker.unaccepted(frames[1]!.seq).map((frame) => frame.seq), [frames[1]!.seq, frames[2]!.seq]);
    pair.toDesk.push(...frames);
    pair.pump();
    assert.deepEqual(pair.seeker.unaccepted(), []);
    assert.deepEqual(pair.seeker.messages().map((m) => m.state), ['delivered', 'delivered', 'delivered']);
  });
});
