// One chat on the counsellor's desk: the shared ChatSession (delivery, epochs, the conversation)
// driven the console's way: frames go out at once through `send`, and what happens is told to the
// chat's panel as events. Adds the panel's phases (securing → ready → ending → closed, or failed)
// and the counsellor's channel, answered with the shift key of the epoch. A crypto failure is
// final for the epoch: nothing is shown or sent in plaintext, ever. No DOM and no socket.
import { ChatSession } from '../chat/chat_session';
import { Conversation, type ConversationMessage } from '../chat/conversation';
import type { AckFrame, MsgFrame } from '../chat/relay_link';
import { CounsellorChannel } from '../chat/secure_channel';
import type { DhKeyPair } from '../crypto/keys';
import type { CryptoErrorCode } from '../crypto/result';

/** Why a chat's secure connection failed: a crypto error, or no shift key to answer with. */
export type SecureFailure = CryptoErrorCode | 'no_shift_key';

export interface CounsellorChatEvents {
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

export interface CounsellorChatDeps {
  /** Sends a msg or ack; false when the socket is down (unaccepted frames are sent again later). */
  send(frame: MsgFrame | AckFrame): boolean;
  /** Milliseconds, for the typing throttle. */
  now(): number;
}

/** securing → ready → ending (our end sealed) → closed; failed from securing or ready. */
export type ChatPhase = 'securing' | 'ready' | 'ending' | 'failed' | 'closed';

export class CounsellorChat {
  private readonly session: ChatSession;
  private phaseNow: ChatPhase = 'securing';

  /**
   * `sid`: the chat id's 16 bytes. `shift`: the shift key current when this epoch was assigned
   * (undefined if there is none: the chat fails at once). Neither key is wiped here. The
   * conversation is new: a chat new to this page (a reload too) learns its numbering from the
   * help-seeker's sync.
   */
  constructor(readonly chat: string, private readonly sid: Uint8Array, epoch: number,
    private readonly identityPublicKey: Uint8Array, shift: DhKeyPair | undefined,
    private readonly deps: CounsellorChatDeps, private readonly events: CounsellorChatEvents) {
    this.session = new ChatSession(chat, epoch, new Conversation('counsellor'));
    if (shift) this.session.useChannel(new CounsellorChannel(sid, epoch, identityPublicKey, shift));
  }

  get phase(): ChatPhase {
    return this.phaseNow;
  }

  get epoch(): number {
    return this.session.epoch;
  }

  /** Every message in the agreed order, with its delivery state. */
  messages(): ConversationMessage[] {
    return this.session.messages();
  }

  /** Reports a chat that cannot start (no shift key) as failed. */
  checkStartable(): void {
    if (!this.session.hasChannel) this.fail('no_shift_key');
  }

  /** A relay msg for this chat: taken once and in order, opened, acknowledged. */
  receive(seq: number, payload: string): void {
    if (this.phaseNow === 'closed') return;
    const got = this.session.receive(seq, payload);
    if (got.order === 'gap') {
      // A frame is missing: the stream could never open the rest (CRYPTO.md).
      this.fail('frame_rejected');
      return;
    }
    // A duplicate (sent again after a reconnect) is only acknowledged again; a frame that cannot
    // be opened is acknowledged too, so that the server can let it go.
    this.deps.send(this.session.ack());
    if (got.order === 'duplicate') return;
    for (const reply of got.replies) this.deps.send(reply);
    if (got.error) {
      this.fail(got.error);
      if (got.changed) this.changed();
      return;
    }
    if (got.ready && this.phaseNow === 'securing') {
      this.phaseNow = 'ready';
      this.events.secured(this.session.verificationCode);
    }
    if (got.changed) this.changed();
    if (got.content?.type === 'typing') this.events.theirTyping();
    else if (got.content?.type === 'end') this.events.theyEnded();
  }

  /**
   * A message the counsellor wrote: shown at once as waiting and sent as soon as the
   * help-seeker's sync of this epoch has arrived (held while securing). Returns its id in
   * messages(), or undefined when the chat takes no more messages (failed, ending, closed) or
   * the text is empty or does not fit one frame.
   */
  write(text: string): string | undefined {
    if (this.phaseNow !== 'ready' && this.phaseNow !== 'securing') return undefined;
    const id = this.session.write(text);
    if (!id.ok) return undefined;
    this.sendReleased();
    this.changed();
    return id.value;
  }

  /** The conversation is over for good: every message still waiting is not delivered. Returns their ids. */
  endConversation(): string[] {
    const ids = this.session.endConversation();
    this.changed();
    return ids;
  }

  /** The counsellor is typing: tells the help-seeker, at most every TYPING_INTERVAL_MS. */
  typing(): void {
    if (this.phaseNow !== 'ready') return;
    const frame = this.session.typingFrame(this.deps.now());
    if (frame) this.deps.send(frame);
  }

  /** Seals the orderly end (TAG_FINAL) when the chat is secured; the desk then sends `end`. */
  sealEnd(): void {
    if (this.phaseNow !== 'ready') return;
    const frame = this.session.endFrame();
    this.phaseNow = 'ending';
    if (frame) this.deps.send(frame);
  }

  /** The server took frame `seq` (it is sent again after a reconnect until then); no message changes state. */
  accepted(seq: number): void {
    this.session.accepted(seq);
  }

  /** The help-seeker has every frame up to `upTo`: the messages they carried are delivered. */
  delivered(upTo: number): void {
    if (this.session.delivered(upTo).length > 0) this.changed();
  }

  /**
   * The server gave these frames up (the chat ended, or a new epoch): their messages stay
   * waiting; the next epoch's sync sends them again, and endConversation() marks the rest.
   */
  undelivered(seqs: readonly number[]): void {
    this.session.undelivered(seqs);
  }

  /** Sends again every frame the server has not accepted, from `from` on (after a reconnect, out_of_order, a full backlog). */
  resend(from = 1): void {
    for (const frame of this.session.unaccepted(from)) this.deps.send(frame);
  }

  /**
   * A new epoch: a new handshake starts with `shift`. Nothing is lost: messages not confirmed
   * stay waiting until the help-seeker's sync of the new epoch says which to send again.
   */
  newEpoch(epoch: number, shift: DhKeyPair): void {
    this.session.enterEpoch(epoch);
    this.session.useChannel(new CounsellorChannel(this.sid, epoch, this.identityPublicKey, shift));
    this.phaseNow = 'securing';
    this.events.newEpoch(epoch);
  }

  /** The chat is over here (ended, transferred, session gone): nothing more is taken or sent. */
  close(): void {
    this.phaseNow = 'closed';
    this.session.dropChannel();
    // Here the conversation is over: what still waits never reaches the help-seeker from this page.
    if (!this.session.conversation.ended) this.endConversation();
  }

  /** Sends every message the conversation lets go now; a seal that fails ends the channel. */
  private sendReleased(): void {
    if (this.phaseNow !== 'ready') return;
    const released = this.session.release();
    for (const frame of released.frames) this.deps.send(frame);
    if (released.error) this.fail(released.error);
  }

  private changed(): void {
    this.events.messagesChanged(this.session.messages());
  }

  private fail(failure: SecureFailure): void {
    if (this.phaseNow === 'failed' || this.phaseNow === 'closed') return;
    this.phaseNow = 'failed';
    // The channel is dead: drop it so nothing can be sealed with it any more.
    this.session.dropChannel();
    this.events.secureFailed(failure);
  }
}
