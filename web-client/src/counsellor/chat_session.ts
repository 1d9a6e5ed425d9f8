// One chat on the counsellor's desk: the end-to-end channel and the relay numbering of its current
// epoch (docs/protocol.md "Relay", "Epochs", "End-to-end frames"). Turns relay messages into what
// the panel shows and frames to send. A crypto failure is final for the epoch: nothing is shown
// or sent in plaintext, ever. No DOM and no socket: `send` and the events are the desk's.
import type { AckFrame, DeliveryState, MsgFrame } from '../chat/relay_link';
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
  theirMessage(text: string): void;
  theirTyping(): void;
  /** A message of ours (by the id sendText returned) moved on. */
  myMessageState(id: number, state: DeliveryState): void;
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
  // seq → id of a shown message of ours, in this epoch (handshake and typing frames are not shown).
  private shown = new Map<number, number>();
  private nextMessageId = 1;
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
      this.events.secured(this.channel.verificationCode);
    }
    const content = step.value.content;
    if (content?.type === 'message') this.events.theirMessage(content.text);
    else if (content?.type === 'typing') this.events.theirTyping();
    else if (content?.type === 'end') this.events.theyEnded();
  }

  /**
   * Seals and sends a message; returns its id for the delivery events, or undefined when the
   * chat cannot send now (not secured yet, ended, failed) or the text is too long.
   */
  sendText(text: string): number | undefined {
    if (this.phaseNow !== 'ready' || !this.channel) return undefined;
    const sealed = this.channel.seal({ type: 'message', text });
    if (!sealed.ok) {
      // Too long is refused before anything is encrypted; anything else kills the stream.
      if (sealed.error !== 'too_large') this.fail(sealed.error);
      return undefined;
    }
    const frame = this.link.send(sealed.value);
    const id = this.nextMessageId++;
    this.shown.set(frame.seq, id);
    this.deps.send(frame);
    return id;
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

  /** The server took frame `seq`. */
  accepted(seq: number): void {
    if (!this.link.accepted(seq)) return;
    const id = this.shown.get(seq);
    if (id !== undefined) this.events.myMessageState(id, 'sent');
  }

  /** The help-seeker has every frame up to `upTo`. */
  delivered(upTo: number): void {
    for (const seq of this.link.delivered(upTo)) this.report(seq, 'delivered');
  }

  /** The server gave these frames up (the chat ended, or a new epoch). */
  undelivered(seqs: readonly number[]): void {
    for (const seq of this.link.undelivered(seqs)) this.report(seq, 'undelivered');
  }

  /** Sends again every frame the server has not accepted, from `from` on (after a reconnect, out_of_order, a full backlog). */
  resend(from = 1): void {
    for (const frame of this.link.unaccepted(from)) this.deps.send(frame);
  }

  /** A new epoch: what was not delivered is lost, and a new handshake starts with `shift`. */
  newEpoch(epoch: number, shift: DhKeyPair): void {
    for (const seq of this.link.pending()) this.report(seq, 'undelivered');
    this.shown = new Map();
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
  }

  private report(seq: number, state: DeliveryState): void {
    const id = this.shown.get(seq);
    this.shown.delete(seq);
    if (id !== undefined) this.events.myMessageState(id, state);
  }

  private fail(failure: SecureFailure): void {
    if (this.phaseNow === 'failed' || this.phaseNow === 'closed') return;
    this.phaseNow = 'failed';
    // The channel is dead: drop it so nothing can be sealed with it any more.
    this.channel = undefined;
    this.events.secureFailed(failure);
  }
}
