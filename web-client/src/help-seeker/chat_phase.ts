// The help-seeker page while a chat is open (docs/protocol.md "Relay", "Epochs", "Resume token"):
// one SeekerChat at a time, its handshake from the counsellor's bundle, new epochs, frames in and
// out (acknowledged after a short delay, sent again after a reconnect or a refusal), and what the
// chat screen says about the channel and the box. The page's phases, the queue and the end of the
// chat are app.ts's: it creates this, passes the chat's messages in, and hears of a failure.
import type { Conversation } from '../chat/conversation';
import type { MsgFrame } from '../chat/relay_link';
import type { Cancel, Schedule } from '../scheduler';
import { SeekerChat } from './seeker_chat';
import type { HelpSeekerView, WaitReason } from './view';

/** Acknowledgements wait this long so that a burst of frames (after a resume) costs one ack, not one each. */
const ACK_DELAY_MS = 50;

export interface ChatPhaseDeps {
  view: HelpSeekerView;
  /** false when not connected: the message is not sent (a msg stays in the RelayLink and goes again after the resume). */
  send(message: object): boolean;
  /** The pinned root key O. */
  rootKey(): Uint8Array | undefined;
  nowMs(): number;
  schedule: Schedule;
  /** The socket is open now. */
  socketOpen(): boolean;
  /** The page is in its chat phase now (the box is open only then). */
  inChat(): boolean;
  /**
   * The channel failed (a bad bundle or confirmation, a frame refused, a frame missing): nothing
   * more may be shown or sent in it. `everReady`: whether it ever worked ("broke" or "could not be set up").
   */
  failed(everReady: boolean): void;
}

export class ChatPhase {
  private session: SeekerChat | undefined;
  // The counsellor's connection dropped: how long the chat waits for them (undefined: they are here).
  private peerAwaySeconds: number | undefined;
  // Whether the current chat ever had a working secure channel: decides "could not be set up" or "broke".
  private everReady = false;
  // The peer's backlog was full: send again after the next `delivered`.
  private backlogFull = false;
  private cancelAck: Cancel | undefined;

  constructor(private readonly deps: ChatPhaseDeps) {}

  private get view(): HelpSeekerView {
    return this.deps.view;
  }

  /** A chat is open (between `paired` and its end or `requeued`). */
  get hasChat(): boolean {
    return this.session !== undefined;
  }

  /** The conversation of the open chat. */
  get conversation(): Conversation | undefined {
    return this.session?.conversation;
  }

  /**
   * `paired`: a chat for this chat id, continuing `conversation` when given (after `requeued`).
   * Returns its conversation, or undefined when the chat id is not a session id (no chat).
   */
  open(chat: string, token: string, epoch: number, conversation: Conversation | undefined): Conversation | undefined {
    this.everReady = false;
    this.backlogFull = false;
    this.peerAwaySeconds = undefined;
    this.session = SeekerChat.open(chat, token, epoch, conversation);
    return this.session?.conversation;
  }

  /** The `resume` to send on a new connection (undefined when no chat is open). */
  resumeMessage(): object | undefined {
    const session = this.session;
    return session && { type: 'resume', token: session.token, last_received: session.lastReceived };
  }

  /** Our connection dropped: the ack waits for the resume; the screen says so. */
  dropped(): void {
    this.cancelAck?.();
    this.cancelAck = undefined;
  }

  /** The chat is over here (ended, requeued, quick exit): the keys are wiped, the timers stop. */
  close(): void {
    this.session?.wipe();
    this.session = undefined;
    this.peerAwaySeconds = undefined;
    this.cancelAck?.();
    this.cancelAck = undefined;
  }

  // ---- the person's intents -------------------------------------------------------------------

  /** A message: shown at once (waiting), sent when the channel and the counsellor's sync allow. False: it stays in the box. */
  write(message: string): boolean {
    const session = this.session;
    if (!session) return false;
    const written = session.write(message);
    if (!written.ok) {
      // too_large and malformed keep the text in the box; anything else means the stream is gone.
      if (written.error !== 'too_large' && written.error !== 'malformed') this.failed();
      return false;
    }
    this.showMessages();
    for (const frame of written.value.frames) this.sendFrame(frame);
    return true;
  }

  typing(): void {
    const frame = this.session?.typingFrame(this.deps.nowMs());
    if (frame) this.sendFrame(frame);
  }

  /** The sealed end (TAG_FINAL) goes first, so that the counsellor's stream closes in order. */
  sendEnd(): void {
    const end = this.session?.endFrame();
    if (end) this.sendFrame(end);
  }

  // ---- the server's messages about the chat ---------------------------------------------------

  /** The first handshake of a new chat. */
  start(bundle: unknown): void {
    this.startHandshake(bundle);
  }

  resumed(token: string, epoch: number, newEpoch: boolean, bundle: unknown): void {
    const session = this.session;
    if (!session) return;
    session.token = token;
    if (newEpoch || epoch !== session.epoch) {
      // The server could not restore in-order delivery (a restart, or a transfer while we were
      // away): a new handshake, with the `epoch` message's bundle if this one has none.
      this.enterEpoch(session, epoch, 'new_code');
      if (bundle === null) this.view.setChatStatus('waitingForCounsellor');
      else this.startHandshake(bundle);
      return;
    }
    if (!session.handshakeStarted) {
      // Still waiting for this epoch's bundle (its `epoch` message may have been lost with the connection).
      if (bundle === null) this.view.setChatStatus('waitingForCounsellor');
      else this.startHandshake(bundle);
      return;
    }
    this.resendUnaccepted();
    this.showChannelStatus();
  }

  epoch(token: string, epoch: number, reason: string, bundle: unknown): void {
    const session = this.session;
    if (!session) return;
    session.token = token;
    if (epoch !== session.epoch) {
      this.enterEpoch(session, epoch, reason === 'counsellor_reconnected' ? 'counsellor_reconnected' : 'new_code');
      this.startHandshake(bundle);
    } else if (!session.handshakeStarted) {
      this.startHandshake(bundle);
    } // else: `resumed` brought this epoch's bundle and the handshake is under way already
  }

  transferred(token: string, epoch: number, bundle: unknown): void {
    const session = this.session;
    if (!session) return;
    session.token = token;
    this.view.showTransferRequest(false);
    this.enterEpoch(session, epoch, 'transferred');
    this.startHandshake(bundle);
  }

  peerAway(waitsSeconds: number): void {
    this.peerAwaySeconds = waitsSeconds;
    this.view.showPeerAway(waitsSeconds);
    this.view.hideTyping();
    this.showCanWrite();
  }

  peerBack(): void {
    if (this.peerAwaySeconds === undefined) return;
    this.peerAwaySeconds = undefined;
    this.view.showPeerAway(undefined);
    this.view.addNote('counsellor_back');
    this.showCanWrite();
  }

  received(seq: number, payload: string): void {
    const session = this.session;
    if (!session) return;
    const got = session.receive(seq, payload);
    if (!got.ok) {
      this.failed();
      return;
    }
    for (const reply of got.value.replies) this.sendFrame(reply);
    if (got.value.ready) {
      this.everReady = true;
      this.showChannelStatus();
      this.view.setVerificationCode(session.verificationCode);
    }
    if (got.value.changed) {
      this.view.hideTyping();
      this.showMessages();
    }
    const content = got.value.content;
    if (content?.type === 'typing') {
      this.view.showTyping();
    } else if (content?.type === 'end') {
      // The counsellor's orderly end: their `chat_ended` follows; nothing more can be read or sent.
      this.view.hideTyping();
      this.view.setCanWrite(false);
    }
    this.scheduleAck();
  }

  accepted(seq: number): void {
    this.session?.accepted(seq);
  }

  delivered(seq: number): void {
    if (this.session && this.session.delivered(seq).length > 0) this.showMessages();
    if (this.backlogFull) {
      this.backlogFull = false;
      this.resendUnaccepted();
    }
  }

  /** Not lost: the messages stay waiting, and the next epoch's sync sends them again. */
  undelivered(seqs: readonly number[]): void {
    this.session?.undelivered(seqs);
  }

  /** out_of_order: everything not accepted goes again from the seq the server expects. */
  outOfOrder(expected: number): void {
    for (const frame of this.session?.unaccepted(expected) ?? []) this.sendFrame(frame);
  }

  /** peer_backlog_full: sent again after the next `delivered` (and by the retry the app schedules). */
  backlogWasFull(): void {
    this.backlogFull = true;
  }

  /** What the server refused for now goes again (the retry after rate_limited, internal, a full backlog). */
  sendAgain(): void {
    if (!this.session) return;
    this.resendUnaccepted();
    if (this.session.lastReceived > 0) this.sendFrame(this.session.ack());
  }

  // ---- what the chat screen says ---------------------------------------------------------------

  /** "securing", "ready" or "reconnecting", and the box. */
  showChannelStatus(): void {
    const ready = this.session?.ready === true;
    this.view.setChatStatus(!this.deps.socketOpen() ? 'reconnecting' : ready ? 'ready' : 'securing');
    this.showCanWrite();
  }

  /** The box is open throughout a chat; it says why what is written waits, if it does. */
  showCanWrite(): void {
    const session = this.session;
    if (!this.deps.inChat() || !session) {
      this.view.setCanWrite(false);
      return;
    }
    let waits: WaitReason | undefined;
    if (!this.deps.socketOpen()) waits = 'offline';
    else if (this.peerAwaySeconds !== undefined) waits = 'counsellor_away';
    else if (!session.ready) waits = 'securing';
    this.view.setCanWrite(true, waits);
  }

  /** The conversation as it stands, in the order both sides agree on. */
  showMessages(): void {
    if (this.session) this.view.showMessages(this.session.messages());
  }

  // ---- steps ------------------------------------------------------------------------------------

  private startHandshake(bundle: unknown): void {
    const session = this.session;
    if (!session) return;
    this.view.setVerificationCode('');
    this.view.setChatStatus('securing');
    this.showCanWrite();
    const hello = session.startHandshake(bundle, this.deps.rootKey(), Math.floor(this.deps.nowMs() / 1000));
    if (!hello.ok) {
      this.failed();
      return;
    }
    this.sendFrame(hello.value);
  }

  /**
   * A new epoch: a new handshake and check code. Messages without `delivered` stay waiting: the
   * counsellor's sync says which to send again. The person is told why the code changes.
   */
  private enterEpoch(session: SeekerChat, epoch: number, note: 'new_code' | 'counsellor_reconnected' | 'transferred'): void {
    this.backlogFull = false;
    session.enterEpoch(epoch);
    // A counsellor who asked for a new epoch is back (peer_back may come, or not, before this).
    if (note === 'counsellor_reconnected' && this.peerAwaySeconds !== undefined) {
      this.peerAwaySeconds = undefined;
      this.view.showPeerAway(undefined);
    }
    this.view.addNote(note);
    this.view.hideTyping();
    this.view.setVerificationCode('');
    this.showMessages();
  }

  private failed(): void {
    this.deps.failed(this.everReady);
  }

  private sendFrame(frame: MsgFrame | object): void {
    this.deps.send(frame);
  }

  private resendUnaccepted(): void {
    for (const frame of this.session?.unaccepted() ?? []) this.sendFrame(frame);
  }

  private scheduleAck(): void {
    if (this.cancelAck !== undefined) return;
    this.cancelAck = this.deps.schedule(() => {
      this.cancelAck = undefined;
      if (this.deps.inChat() && this.session) this.sendFrame(this.session.ack());
    }, ACK_DELAY_MS);
  }
}
