// One chat of the help-seeker: the relay numbering (RelayLink) and the end-to-end channel
// (HelpSeekerChannel) of its current epoch, over the Conversation that outlives both (epochs,
// transfers, a re-pairing after requeued). No socket and no DOM: every method returns the frames
// to send and the caller sends them; the page draws conversation.messages().
import { parseBundle } from '../chat/bundle_json';
import { messageFits } from '../chat/content';
import { Conversation, type ConversationMessage } from '../chat/conversation';
import { RelayLink, type AckFrame, type MsgFrame } from '../chat/relay_link';
import { HelpSeekerChannel } from '../chat/secure_channel';
import { fromBase64Url } from '../crypto/encoding';
import { SESSION_ID_BYTES } from '../crypto/keys';
import { fail, ok, type Result } from '../crypto/result';

/** At most one "typing" frame per this many milliseconds (docs/protocol.md, "Chat content"). */
export const TYPING_INTERVAL_MS = 3000;

/**
 * What one incoming frame gave: frames to send back, in order (handshake replies, our sync, our
 * messages the counsellor's sync released); `content` is `typing` or `end` (messages go into the
 * conversation: `changed` says messages() changed); `ready`: the channel just became ready.
 */
export interface Received {
  replies: MsgFrame[];
  content: { type: 'typing' } | { type: 'end' } | undefined;
  ready: boolean;
  changed: boolean;
}

/** A message written: its id in messages() and the frames to send now (none while held back). */
export interface Written { id: string; frames: MsgFrame[] }

export class ChatSession {
  private link: RelayLink;
  private channel: HelpSeekerChannel | undefined;
  private lastTypingAt = Number.NEGATIVE_INFINITY;

  private constructor(readonly chat: string, private readonly sid: Uint8Array, public token: string, epoch: number,
    readonly conversation: Conversation) {
    this.link = new RelayLink(chat, epoch);
    // A new chat id is a new epoch of the conversation: the counsellor's sync comes first again.
    conversation.enterEpoch();
  }

  /**
   * A session for `paired`; undefined when the chat id is not a 16-byte B64 session id. Needs
   * sodium ready. `conversation`: the one of the chat that ended with `requeued`, when this
   * `paired` continues it (the same conversation with a new counsellor); a new one otherwise.
   */
  static open(chat: string, token: string, epoch: number,
    conversation = new Conversation('help_seeker')): ChatSession | undefined {
    try {
      const sid = fromBase64Url(chat);
      return sid.length === SESSION_ID_BYTES ? new ChatSession(chat, sid, token, epoch, conversation) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Every message in the agreed order, with its delivery state: what the page shows. */
  messages(): ConversationMessage[] {
    return this.conversation.messages();
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
   * Leaves the current epoch for `epoch` (a transfer, a restart, the counsellor back without
   * keys): the old channel is closed and relay numbering starts again. Nothing is lost: messages
   * not confirmed stay waiting and the counsellor's sync of the new epoch says which to send
   * again. Returns [] (kept for the page's old call).
   */
  enterEpoch(epoch: number): string[] {
    this.channel?.close();
    this.channel = undefined;
    this.link = new RelayLink(this.chat, epoch);
    this.conversation.enterEpoch();
    this.lastTypingAt = Number.NEGATIVE_INFINITY;
    return [];
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

  /**
   * A message the person wrote: added to the conversation as waiting, and sealed now if the
   * counsellor's sync of this epoch has arrived (else held until it does; the person may write
   * while the channel is being set up or the counsellor is away). Errors: malformed (empty) and
   * too_large (nothing is added: the text stays in the box); any other error means the channel
   * is dead (the message stays, waiting).
   */
  write(text: string): Result<Written> {
    if (text === '') return fail('malformed');
    if (!messageFits(text)) return fail('too_large');
    const id = this.conversation.write(text);
    if (id === undefined) return fail('stream_closed');
    const frames = this.releaseMessages();
    return frames.ok ? ok({ id, frames: frames.value }) : frames;
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

  /** The server took frame `seq` (it is sent again after a reconnect until then). No message changes state: returns undefined. */
  accepted(seq: number): string | undefined {
    this.link.accepted(seq);
    return undefined;
  }

  /** The counsellor has every frame up to `upTo`: the ids of messages now delivered. */
  delivered(upTo: number): string[] {
    return this.conversation.relayDelivered(this.link.delivered(upTo));
  }

  /**
   * The server gave these frames up (a new epoch, the chat ended). Their messages stay waiting:
   * the next epoch's sync sends them again, and endConversation() marks what never arrived.
   * Returns [] (kept for the page's old call).
   */
  undelivered(seqs: readonly number[]): string[] {
    this.conversation.relayUndelivered(this.link.undelivered(seqs));
    return [];
  }

  /**
   * The conversation is over for good (ended by anyone, a broken channel, resume failed; not
   * `requeued`, which continues it): every message still waiting is not delivered. Returns their ids.
   */
  endConversation(): string[] {
    return this.conversation.end();
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
    if (order === 'duplicate') return ok({ replies: [], content: undefined, ready: false, changed: false });
    if (order === 'gap' || !this.channel) return fail('frame_rejected');
    const step = this.channel.receive(payload);
    if (!step.ok) return step;
    const replies = step.value.replies.map((reply) => this.link.send(reply));
    if (step.value.ready) {
      // Our sync is the first content of every epoch: it tells the counsellor what to send again.
      const sync = this.channel.seal(this.conversation.sync());
      if (!sync.ok) return sync;
      replies.push(this.link.send(sync.value));
    }
    const content = step.value.content;
    let changed = false;
    if (content?.type === 'message' || content?.type === 'sync') {
      changed = this.conversation.receive(content);
      if (content.type === 'sync') {
        const released = this.releaseMessages();
        if (!released.ok) return released;
        replies.push(...released.value);
        changed ||= released.value.length > 0;
      }
    }
    const shown = content?.type === 'typing' || content?.type === 'end' ? content : undefined;
    return ok({ replies, content: shown, ready: step.value.ready, changed });
  }

  /** The cumulative acknowledgement of everything taken so far. */
  ack(): AckFrame {
    return this.link.ack();
  }

  /** Forgets the keys and the chat id (the conversation is the page's to keep or drop). */
  wipe(): void {
    this.channel?.close();
    this.channel = undefined;
    this.sid.fill(0);
  }

  /** Seals and numbers every message the conversation lets go now (after the counsellor's sync). */
  private releaseMessages(): Result<MsgFrame[]> {
    const channel = this.channel;
    if (!channel?.ready) return ok([]);
    const frames: MsgFrame[] = [];
    for (const message of this.conversation.outgoing()) {
      const sealed = channel.seal(message);
      if (!sealed.ok) return sealed;
      const frame = this.link.send(sealed.value);
      this.conversation.carried(message.n, frame.seq);
      frames.push(frame);
    }
    return ok(frames);
  }
}
