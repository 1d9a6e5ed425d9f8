// One chat on the counsellor's desk: the end-to-end channel and the relay numbering of its current
// epoch (docs/protocol.md "Relay", "Epochs", "End-to-end frames"), over the chat's Conversation,
// which outlives epochs (docs/crypto.md "Chat content"). Turns relay messages into what the panel
// shows and frames to send. A crypto failure is final for the epoch: nothing is shown or sent in
// plaintext, ever. No DOM and no socket: `send` and the events are the desk's.
import { messageFits, type ChatContent } from '../chat/content';
import { Conversation, type ConversationMessage } from '../chat/conversation';
import type { AckFrame, MsgFrame } from '../chat/relay_link';
import { RelayLink } from '../chat/relay_link';
import { CounsellorChannel } from '../chat/secure_channel';
import type { DhKeyPair } from '../crypto/keys';
import type { CryptoErrorCode } from '../crypto/result';

/** Typing notices go out at most this often (docs/protocol.md "Chat content"). */
export const TYPING_INTERVAL_MS = 3000;

/** Why a chat's secure connection failed: a crypto error, or no shift key to answer with. */
export type SecureFailure = CryptoErrorCode | 'no_shift_key';

export interface ChatSessionEvents {
  /** The handshake is done: content can go both ways; `code` is the 6-digit verification code. */
  secured(code: string): void;
  /**
   * The conversation changed (a message written, taken, delivered, not delivered): every message
   * in the agreed order. A late message may sit between earlier ones: draw the list, do not append.
   */
  messagesChanged(messages: readonly ConversationMessage[]): void;
  theirTyping(): void;
  secureFailed(failure: SecureFailure): void;
  /** The help-seeker sealed the end; the server's chat_ended follows. */
  theyEnded(): void;
  /** A new key agreement starts (transfer, server restart): a new code will follow. */
  newEpoch(epoch: number): void;
}

export interface ChatSessionDeps {
  /** Sends a msg or ack; false when the socket is down (unaccepted frames are sent again later). */
  send(frame: MsgFrame | AckFrame): boolean;
  /** Milliseconds, for the typing throttle. */
  now(): number;
}

/** securing → ready → ending (our end sealed) → closed; failed from securing or ready. */
export type ChatPhase = 'securing' | 'ready' | 'ending' | 'failed' | 'closed';

export class ChatSession {
  private channel: CounsellorChannel | undefined;
  private link: RelayLink;
  private phaseNow: ChatPhase = 'securing';
  // Empty for a chat new to this page (a reload too): its numbering comes from the help-seeker's sync.
  private readonly conversation = new Conversation('counsellor');
  private typingSentAt = Number.NEGATIVE_INFINITY;

  /**
   * `sid`: the chat id's 16 bytes. `shift`: the shift key current when this epoch was assigned
   * (undefined if there is none: the chat fails at once). Neither key is wiped here.
   */
  constructor(readonly chat: string, private readonly sid: Uint8Array, epoch: number,
    private readonly identityPublicKey: Uint8Array, shift: DhKeyPair | undefined,
    private readonly deps: ChatSessionDeps, private readonly events: ChatSessionEvents) {
    this.link = new RelayLink(chat, epoch);
    this.channel = shift ? new CounsellorChannel(sid, epoch, identityPublicKey, shift) : undefined;
  }

  get phase(): ChatPhase {
    return this.phaseNow;
  }

  get epoch(): number {
    return this.link.epoch;
  }

  /** Every message in the agreed order, with its delivery state. */
  messages(): ConversationMessage[] {
    return this.conversation.messages();
  }

  /** Reports a chat that cannot start (no shift key) as failed. */
  checkStartable(): void {
    if (!this.channel) this.fail('no_shift_key');
  }

  /** A relay msg for this chat: taken once and in order, opened, acknowledged. */
  receive(seq: number, payload: string): void {
    if (this.phaseNow === 'closed') return;
    const order = this.link.receive(seq);
    if (order === 'duplicate') {
      // Sent again after a reconnect: we have it, so only acknowledge again.
      this.deps.send(this.link.ack());
      return;
    }
    if (order === 'gap') {
      // A frame is missing: the stream could never open the rest (CRYPTO.md).
      this.fail('frame_rejected');
      return;
    }
    if (this.phaseNow === 'failed' || !this.channel) {
      // Taken and acknowledged so the server can let it go, but never opened.
      this.deps.send(this.link.ack());
      this.fail('stream_closed');
      return;
    }
    const step = this.channel.receive(payload);
    this.deps.send(this.link.ack());
    if (!step.ok) {
      this.fail(step.error);
      return;
    }
    for (const reply of step.value.replies) this.deps.send(this.link.send(reply));
    if (step.value.ready && this.phaseNow === 'securing') {
      this.phaseNow = 'ready';
      // Our sync is the first content of every epoch: it tells the help-seeker what to send again.
      if (!this.sendSealed(this.conversation.sync())) return;
      this.events.secured(this.channel.verificationCode);
    }
    const content = step.value.content;
    if (content?.type === 'message') {
      if (this.conversation.receive(content)) this.changed();
    } else if (content?.type === 'sync') {
      const marked = this.conversation.receive(content);
      const released = this.releaseMessages();
      if (marked || released) this.changed();
    } else if (content?.type === 'typing') {
      this.events.theirTyping();
    } else if (content?.type === 'end') {
      this.events.theyEnded();
    }
  }

  /**
   * A message the counsellor wrote: shown at once as waiting and sent as soon as the
   * help-seeker's sync of this epoch has arrived (held while securing). Returns its id in
   * messages(), or undefined when the chat takes no more messages (failed, ending, closed) or
   * the text is empty or does not fit one frame.
   */
  write(text: string): string | undefined {
    if (this.phaseNow !== 'ready' && this.phaseNow !== 'securing') return undefined;
    if (!messageFits(text)) return undefined;
    const id = this.conversation.write(text);
    if (id === undefined) return undefined;
    this.releaseMessages();
    this.changed();
    return id;
  }

  /** The conversation is over for good: every message still waiting is not delivered. Returns their ids. */
  endConversation(): string[] {
    const ids = this.conversation.end();
    this.changed();
    return ids;
  }

  /** The counsellor is typing: tells the help-seeker, at most every 3 s. */
  typing(): void {
    if (this.phaseNow !== 'ready' || !this.channel) return;
    const now = this.deps.now();
    if (now - this.typingSentAt < TYPING_INTERVAL_MS) return;
    const sealed = this.channel.seal({ type: 'typing' });
    if (!sealed.ok) return;
    this.typingSentAt = now;
    this.deps.send(this.link.send(sealed.value));
  }

  /** Seals the orderly end (TAG_FINAL) when the chat is secured; the desk then sends `end`. */
  sealEnd(): void {
    if (this.phaseNow !== 'ready' || !this.channel) return;
    const sealed = this.channel.seal({ type: 'end' });
    this.phaseNow = 'ending';
    if (sealed.ok) this.deps.send(this.link.send(sealed.value));
  }

  /** The server took frame `seq` (it is sent again after a reconnect until then); no message changes state. */
  accepted(seq: number): void {
    this.link.accepted(seq);
  }

  /** The help-seeker has every frame up to `upTo`: the messages they carried are delivered. */
  delivered(upTo: number): void {
    const ids = this.conversation.relayDelivered(this.link.delivered(upTo));
    if (ids.length === 0) return;
    this.changed();
  }

  /**
   * The server gave these frames up (the chat ended, or a new epoch): their messages stay
   * waiting; the next epoch's sync sends them again, and endConversation() marks the rest.
   */
  undelivered(seqs: readonly number[]): void {
    this.conversation.relayUndelivered(this.link.undelivered(seqs));
  }

  /** Sends again every frame the server has not accepted, from `from` on (after a reconnect, out_of_order, a full backlog). */
  resend(from = 1): void {
    for (const frame of this.link.unaccepted(from)) this.deps.send(frame);
  }

  /**
   * A new epoch: a new handshake starts with `shift`. Nothing is lost: messages not confirmed
   * stay waiting until the help-seeker's sync of the new epoch says which to send again.
   */
  newEpoch(epoch: number, shift: DhKeyPair): void {
    this.conversation.enterEpoch();
    this.link = new RelayLink(this.chat, epoch);
    this.channel = new CounsellorChannel(this.sid, epoch, this.identityPublicKey, shift);
    this.phaseNow = 'securing';
    this.typingSentAt = Number.NEGATIVE_INFINITY;
    this.events.newEpoch(epoch);
  }

  /** The chat is over here (ended, transferred, session gone): nothing more is taken or sent. */
  close(): void {
    this.phaseNow = 'closed';
    this.channel = undefined;
    // Here the conversation is over: what still waits never reaches the help-seeker from this page.
    if (!this.conversation.ended) this.endConversation();
  }

  /** Seals and numbers every message the conversation lets go now; false when the channel died. */
  private releaseMessages(): boolean {
    if (this.phaseNow !== 'ready') return false;
    let any = false;
    for (const message of this.conversation.outgoing()) {
      const seq = this.sendSealed(message);
      if (seq === undefined) return any;
      this.conversation.carried(message.n, seq);
      any = true;
    }
    return any;
  }

  /** Seals content into a numbered frame and sends it; the frame's seq, or undefined when the channel failed. */
  private sendSealed(content: ChatContent): number | undefined {
    const sealed = this.channel?.seal(content);
    if (!sealed?.ok) {
      this.fail(sealed?.error ?? 'stream_closed');
      return undefined;
    }
    const frame = this.link.send(sealed.value);
    this.deps.send(frame);
    return frame.seq;
  }

  private changed(): void {
    this.events.messagesChanged(this.conversation.messages());
  }

  private fail(failure: SecureFailure): void {
    if (this.phaseNow === 'failed' || this.phaseNow === 'closed') return;
    this.phaseNow = 'failed';
    // The channel is dead: drop it so nothing can be sealed with it any more.
    this.channel = undefined;
    this.events.secureFailed(failure);
  }
}
