// One chat's delivery, the same for both pages (docs/protocol.md "Relay", "Epochs"; docs/crypto.md
// "Chat content"): the relay numbering of the current epoch (RelayLink) and its end-to-end channel,
// over the Conversation that outlives both. Our sync goes first in every epoch, our messages once
// the peer's sync allows, every frame is acknowledged, resent until accepted, and what never
// arrived is not delivered at the end. No socket and no DOM: every method returns the frames to
// send and the caller sends them (the help-seeker's page with a short ack delay, the console at once).
import { fail, ok, type CryptoErrorCode, type Result } from '../crypto/result';
import { messageFits } from './content';
import type { Conversation, ConversationMessage } from './conversation';
import { RelayLink, type AckFrame, type MsgFrame } from './relay_link';
import type { SecureChannel } from './secure_channel';

/** At most one "typing" frame per this many milliseconds (docs/protocol.md, "Chat content"). */
export const TYPING_INTERVAL_MS = 3000;
/** The peer holds 256 frames unread (peer_backlog_full): what was refused goes again after this long. */
export const BACKLOG_RETRY_MS = 2000;

/** What one frame from the peer gave. */
export interface Received {
  /**
   * 'new': taken (acknowledge it); 'duplicate': taken before (acknowledge again, nothing else);
   * 'gap': a frame is missing before it, so the stream can never open the rest (error is frame_rejected).
   */
  order: 'new' | 'duplicate' | 'gap';
  /** Frames to send, in order: handshake replies, our sync, our messages the peer's sync released. */
  replies: MsgFrame[];
  /** `typing` or `end` from the peer (messages and syncs go into the conversation). */
  content: { type: 'typing' } | { type: 'end' } | undefined;
  /** The channel became ready with this frame. */
  ready: boolean;
  /** messages() changed. */
  changed: boolean;
  /** The channel cannot go on (a refused or missing frame, no channel, a seal that failed): show it, never plaintext. */
  error: CryptoErrorCode | undefined;
}

/** Frames sealed now, and the error that stopped the sealing, if one did (the frames before it still go). */
export interface Sealed { frames: MsgFrame[]; error: CryptoErrorCode | undefined }

export class ChatSession {
  private link: RelayLink;
  private channel: SecureChannel | undefined;
  private lastTypingAt = Number.NEGATIVE_INFINITY;
  // Our end is sealed (TAG_FINAL): nothing more goes out in this epoch.
  private endSealed = false;

  /** `conversation`: a fresh one, or the one this chat continues (the help-seeker's after `requeued`): a new epoch of it. */
  constructor(readonly chat: string, epoch: number, readonly conversation: Conversation) {
    this.link = new RelayLink(chat, epoch);
    // A new chat id is a new epoch of the conversation: the peer's sync comes first again.
    conversation.enterEpoch();
  }

  get epoch(): number {
    return this.link.epoch;
  }

  /** The highest seq taken from the peer in this epoch (for `resume`'s last_received). */
  get lastReceived(): number {
    return this.link.lastReceived;
  }

  /** A channel has been set for this epoch (the handshake is under way or done). */
  get hasChannel(): boolean {
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

  /** Every message in the agreed order, with its delivery state: what the page shows. */
  messages(): ConversationMessage[] {
    return this.conversation.messages();
  }

  /**
   * Leaves the current epoch for `epoch`: the channel is closed and relay numbering starts again.
   * Nothing is lost: messages not confirmed stay waiting, and the peer's sync of the new epoch
   * says which to send again.
   */
  enterEpoch(epoch: number): void {
    this.dropChannel();
    this.link = new RelayLink(this.chat, epoch);
    this.conversation.enterEpoch();
    this.lastTypingAt = Number.NEGATIVE_INFINITY;
    this.endSealed = false;
  }

  /** This epoch's channel (a new handshake): the old one, if any, is closed. `hello`: its first payload, numbered and returned. */
  useChannel(channel: SecureChannel, hello?: string): MsgFrame | undefined {
    this.dropChannel();
    this.channel = channel;
    return hello === undefined ? undefined : this.link.send(hello);
  }

  /** Closes and forgets the channel: nothing more is sealed or opened in this epoch. */
  dropChannel(): void {
    this.channel?.close();
    this.channel = undefined;
  }

  /**
   * A message written here: added to the conversation as waiting (it shows at once). Errors:
   * malformed (empty), too_large (nothing is added), stream_closed (the conversation has ended).
   * release() then seals what may go.
   */
  write(text: string): Result<string> {
    if (text === '') return fail('malformed');
    if (!messageFits(text)) return fail('too_large');
    const id = this.conversation.write(text);
    return id === undefined ? fail('stream_closed') : ok(id);
  }

  /** Seals and numbers every message the conversation lets go now (none before the channel is ready and the peer's sync is here). */
  release(): Sealed {
    const channel = this.channel;
    const frames: MsgFrame[] = [];
    if (!channel?.ready || this.endSealed) return { frames, error: undefined };
    for (const message of this.conversation.outgoing()) {
      const sealed = channel.seal(message);
      if (!sealed.ok) return { frames, error: sealed.error };
      const frame = this.link.send(sealed.value);
      this.conversation.carried(message.n, frame.seq);
      frames.push(frame);
    }
    return { frames, error: undefined };
  }

  /** A "typing" frame, unless one went out less than TYPING_INTERVAL_MS ago or the channel is not ready. */
  typingFrame(nowMs: number): MsgFrame | undefined {
    if (!this.channel?.ready || this.endSealed || nowMs - this.lastTypingAt < TYPING_INTERVAL_MS) return undefined;
    const sealed = this.channel.seal({ type: 'typing' });
    if (!sealed.ok) return undefined;
    this.lastTypingAt = nowMs;
    return this.link.send(sealed.value);
  }

  /** The sealed end (TAG_FINAL), to go just before the server's `end`; undefined when not ready. Nothing goes out after it. */
  endFrame(): MsgFrame | undefined {
    if (!this.channel?.ready || this.endSealed) return undefined;
    this.endSealed = true;
    const sealed = this.channel.seal({ type: 'end' });
    return sealed.ok ? this.link.send(sealed.value) : undefined;
  }

  /** The server took frame `seq` (it is sent again after a reconnect until then); no message changes state. */
  accepted(seq: number): void {
    this.link.accepted(seq);
  }

  /** The peer has every frame up to `upTo`: the ids of our messages delivered now. */
  delivered(upTo: number): string[] {
    return this.conversation.relayDelivered(this.link.delivered(upTo));
  }

  /**
   * The server gave these frames up (a new epoch, the chat ended). Their messages stay waiting:
   * the next epoch's sync sends them again, and endConversation() marks what never arrived.
   */
  undelivered(seqs: readonly number[]): void {
    this.conversation.relayUndelivered(this.link.undelivered(seqs));
  }

  /**
   * The conversation is over for good (ended by anyone, a broken channel; not the help-seeker's
   * `requeued`, which continues it): every message still waiting is not delivered. Returns their ids.
   */
  endConversation(): string[] {
    return this.conversation.end();
  }

  /** Frames without `accepted`, from `from` on: to send again after a reconnect, out_of_order or a full backlog. */
  unaccepted(from = 1): MsgFrame[] {
    return this.link.unaccepted(from);
  }

  /** The cumulative acknowledgement of everything taken so far. */
  ack(): AckFrame {
    return this.link.ack();
  }

  /** One frame from the peer, in relay order: taken once, opened, and what it changes. */
  receive(seq: number, payload: string): Received {
    const result: Received = { order: this.link.receive(seq), replies: [], content: undefined, ready: false, changed: false, error: undefined };
    if (result.order === 'duplicate') return result;
    if (result.order === 'gap') return { ...result, error: 'frame_rejected' };
    // Without a channel (failed, or none yet) a frame is taken, so the server can let it go, but never opened.
    if (!this.channel) return { ...result, error: 'stream_closed' };
    const step = this.channel.receive(payload);
    if (!step.ok) return { ...result, error: step.error };
    result.replies = step.value.replies.map((reply) => this.link.send(reply));
    result.ready = step.value.ready;
    if (step.value.ready) {
      // Our sync is the first content of every epoch: it tells the peer what to send again.
      const sync = this.channel.seal(this.conversation.sync());
      if (!sync.ok) return { ...result, error: sync.error };
      result.replies.push(this.link.send(sync.value));
    }
    const content = step.value.content;
    if (content?.type === 'message' || content?.type === 'sync') {
      result.changed = this.conversation.receive(content);
      if (content.type === 'sync') {
        const released = this.release();
        result.replies.push(...released.frames);
        result.changed ||= released.frames.length > 0;
        result.error = released.error;
      }
    } else if (content?.type === 'typing' || content?.type === 'end') {
      result.content = content;
    }
    return result;
  }
}
