// One chat of the help-seeker: the relay numbering (RelayLink) and the end-to-end channel
// (HelpSeekerChannel) of its current epoch, and which on-screen message each outgoing seq carries.
// No socket and no DOM: every method returns the frames to send and the caller sends them.
import { parseBundle } from '../chat/bundle_json';
import type { ChatContent } from '../chat/content';
import { RelayLink, type AckFrame, type MsgFrame } from '../chat/relay_link';
import { HelpSeekerChannel } from '../chat/secure_channel';
import { fromBase64Url } from '../crypto/encoding';
import { SESSION_ID_BYTES } from '../crypto/keys';
import { fail, ok, type Result } from '../crypto/result';

/** At most one "typing" frame per this many milliseconds (docs/protocol.md, "Chat content"). */
export const TYPING_INTERVAL_MS = 3000;

/** What one incoming frame gave: payloads to send back (already numbered), content to show, and whether the channel just became ready. */
export interface Received { replies: MsgFrame[]; content: ChatContent | undefined; ready: boolean }

const isDefined = <T>(value: T | undefined): value is T => value !== undefined;

export class ChatSession {
  private link: RelayLink;
  private channel: HelpSeekerChannel | undefined;
  // seq → id of the message on screen, for the current epoch's chat messages (not handshake or typing frames).
  private readonly messageIds = new Map<number, string>();
  private lastTypingAt = Number.NEGATIVE_INFINITY;

  private constructor(readonly chat: string, private readonly sid: Uint8Array, public token: string, epoch: number) {
    this.link = new RelayLink(chat, epoch);
  }

  /** A session for `paired`; undefined when the chat id is not a 16-byte B64 session id. Needs sodium ready. */
  static open(chat: string, token: string, epoch: number): ChatSession | undefined {
    try {
      const sid = fromBase64Url(chat);
      return sid.length === SESSION_ID_BYTES ? new ChatSession(chat, sid, token, epoch) : undefined;
    } catch {
      return undefined;
    }
  }

  get epoch(): number {
    return this.link.epoch;
  }

  /** A handshake has been started in this epoch (the hello is on its way or answered). */
  get handshakeStarted(): boolean {
    return this.channel !== undefined;
  }

  /** Both streams are open: messages can be sent and read. */
  get ready(): boolean {
    return this.channel?.ready === true;
  }

  /** The 6-digit code of this epoch ('' until ready). */
  get verificationCode(): string {
    return this.channel?.verificationCode ?? '';
  }

  /** The highest seq taken from the counsellor in this epoch (for `resume`). */
  get lastReceived(): number {
    return this.link.lastReceived;
  }

  /**
   * Leaves the current epoch for `epoch` (a transfer, or a restart the server noticed): the old
   * channel is closed and numbering starts again. Returns the ids of messages the counsellor did
   * not confirm in the old epoch; they may not have arrived.
   */
  enterEpoch(epoch: number): string[] {
    const lost = this.link.pending().map((seq) => this.messageIds.get(seq)).filter(isDefined);
    this.channel?.close();
    this.channel = undefined;
    this.link = new RelayLink(this.chat, epoch);
    this.messageIds.clear();
    this.lastTypingAt = Number.NEGATIVE_INFINITY;
    return lost;
  }

  /**
   * Checks the counsellor's bundle against the pinned root key and returns the first frame (e_H).
   * Errors: malformed (no bundle, or not the bundle's shape), and those of HelpSeekerChannel.start:
   * no_root_key, bad_signature, expired, revoked.
   */
  startHandshake(bundleJson: unknown, rootKey: Uint8Array | undefined, nowSeconds: number): Result<MsgFrame> {
    this.channel?.close();
    this.channel = undefined;
    const bundle = parseBundle(bundleJson);
    if (!bundle) return fail('malformed');
    const started = HelpSeekerChannel.start(rootKey, bundle, this.sid, this.link.epoch, nowSeconds);
    if (!started.ok) return started;
    this.channel = started.value.channel;
    return ok(this.link.send(started.value.hello));
  }

  /** Seals a chat message shown on screen as `messageId`. Errors: stream_closed (not ready), too_large. */
  sendMessage(text: string, messageId: string): Result<MsgFrame> {
    if (!this.channel?.ready) return fail('stream_closed');
    const sealed = this.channel.seal({ type: 'message', text });
    if (!sealed.ok) return sealed;
    const frame = this.link.send(sealed.value);
    this.messageIds.set(frame.seq, messageId);
    return ok(frame);
  }

  /** A "typing" frame, unless one went out less than TYPING_INTERVAL_MS ago or the channel is not ready. */
  typingFrame(nowMs: number): MsgFrame | undefined {
    if (!this.channel?.ready || nowMs - this.lastTypingAt < TYPING_INTERVAL_MS) return undefined;
    const sealed = this.channel.seal({ type: 'typing' });
    if (!sealed.ok) return undefined;
    this.lastTypingAt = nowMs;
    return this.link.send(sealed.value);
  }

  /** The sealed end (TAG_FINAL), to go just before the server's `end`; undefined when not ready. */
  endFrame(): MsgFrame | undefined {
    if (!this.channel?.ready) return undefined;
    const sealed = this.channel.seal({ type: 'end' });
    return sealed.ok ? this.link.send(sealed.value) : undefined;
  }

  /** The server took frame `seq`: the id of the message that is now "sent", if any. */
  accepted(seq: number): string | undefined {
    return this.link.accepted(seq) ? this.messageIds.get(seq) : undefined;
  }

  /** The counsellor has everything up to `upTo`: the ids of messages now delivered. */
  delivered(upTo: number): string[] {
    return this.forget(this.link.delivered(upTo));
  }

  /** The server gave these frames up: the ids of messages not delivered. */
  undelivered(seqs: readonly number[]): string[] {
    return this.forget(this.link.undelivered(seqs));
  }

  /** Frames without `accepted`, from `from` on: to send again after a reconnect or an error. */
  unaccepted(from = 1): MsgFrame[] {
    return this.link.unaccepted(from);
  }

  /**
   * One frame from the counsellor, in relay order. A duplicate gives nothing (acknowledge it
   * again); a missing frame before it, a frame before any handshake, or one the channel refuses
   * is an error: the channel cannot go on (errors of SecureChannel.receive, frame_rejected).
   */
  receive(seq: number, payload: string): Result<Received> {
    const order = this.link.receive(seq);
    if (order === 'duplicate') return ok({ replies: [], content: undefined, ready: false });
    if (order === 'gap' || !this.channel) return fail('frame_rejected');
    const step = this.channel.receive(payload);
    if (!step.ok) return step;
    const replies = step.value.replies.map((reply) => this.link.send(reply));
    return ok({ replies, content: step.value.content, ready: step.value.ready });
  }

  /** The cumulative acknowledgement of everything taken so far. */
  ack(): AckFrame {
    return this.link.ack();
  }

  /** Forgets the keys and the chat id: a closed channel, an emptied map. */
  wipe(): void {
    this.channel?.close();
    this.channel = undefined;
    this.messageIds.clear();
    this.sid.fill(0);
  }

  private forget(seqs: number[]): string[] {
    const ids = seqs.map((seq) => this.messageIds.get(seq)).filter(isDefined);
    for (const seq of seqs) this.messageIds.delete(seq);
    return ids;
  }
}
