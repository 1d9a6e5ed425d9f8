// The help-seeker's chat: the shared ChatSession (delivery, epochs, the conversation) plus what
// only this side has: the chat id checked as a session id, the resume token, and the handshake
// started from the counsellor's bundle. No socket and no DOM: every method returns the frames to
// send and the caller sends them; the page draws messages().
import { parseBundle } from '../chat/bundle_json';
import { ChatSession, type Received as SessionReceived } from '../chat/chat_session';
import { Conversation, type ConversationMessage } from '../chat/conversation';
import type { AckFrame, MsgFrame } from '../chat/relay_link';
import { HelpSeekerChannel } from '../chat/secure_channel';
import { fromBase64Url } from '../crypto/encoding';
import { SESSION_ID_BYTES } from '../crypto/keys';
import { fail, ok, type Result } from '../crypto/result';

/** What one incoming frame gave: frames to send back, typing or end, whether the channel just became ready and messages() changed. */
export type Received = Pick<SessionReceived, 'replies' | 'content' | 'ready' | 'changed'>;

/** A message written: its id in messages() and the frames to send now (none while held back). */
export interface Written { id: string; frames: MsgFrame[] }

export class SeekerChat {
  private readonly session: ChatSession;

  private constructor(readonly chat: string, private readonly sid: Uint8Array, public token: string, epoch: number,
    conversation: Conversation) {
    this.session = new ChatSession(chat, epoch, conversation);
  }

  /**
   * A chat for `paired`; undefined when the chat id is not a 16-byte B64 session id. Needs
   * sodium ready. `conversation`: the one of the chat that ended with `requeued`, when this
   * `paired` continues it (the same conversation with a new counsellor); a new one otherwise.
   */
  static open(chat: string, token: string, epoch: number,
    conversation = new Conversation('help_seeker')): SeekerChat | undefined {
    try {
      const sid = fromBase64Url(chat);
      return sid.length === SESSION_ID_BYTES ? new SeekerChat(chat, sid, token, epoch, conversation) : undefined;
    } catch {
      return undefined;
    }
  }

  get conversation(): Conversation {
    return this.session.conversation;
  }

  /** Every message in the agreed order, with its delivery state: what the page shows. */
  messages(): ConversationMessage[] {
    return this.session.messages();
  }

  get epoch(): number {
    return this.session.epoch;
  }

  /** A handshake has been started in this epoch (the hello is on its way or answered). */
  get handshakeStarted(): boolean {
    return this.session.hasChannel;
  }

  /** Both streams are open: messages can be sent and read. */
  get ready(): boolean {
    return this.session.ready;
  }

  /** The 6-digit code of this epoch ('' until ready). */
  get verificationCode(): string {
    return this.session.verificationCode;
  }

  /** The highest seq taken from the counsellor in this epoch (for `resume`). */
  get lastReceived(): number {
    return this.session.lastReceived;
  }

  /** Leaves the current epoch for `epoch` (a transfer, a restart, the counsellor back without keys): see ChatSession.enterEpoch. */
  enterEpoch(epoch: number): void {
    this.session.enterEpoch(epoch);
  }

  /**
   * Checks the counsellor's bundle against the pinned root key and returns the first frame (e_H).
   * Errors: malformed (no bundle, or not the bundle's shape), and those of HelpSeekerChannel.start:
   * no_root_key, bad_signature, expired, revoked.
   */
  startHandshake(bundleJson: unknown, rootKey: Uint8Array | undefined, nowSeconds: number): Result<MsgFrame> {
    this.session.dropChannel();
    const bundle = parseBundle(bundleJson);
    if (!bundle) return fail('malformed');
    const started = HelpSeekerChannel.start(rootKey, bundle, this.sid, this.session.epoch, nowSeconds);
    if (!started.ok) return started;
    const hello = this.session.useChannel(started.value.channel, started.value.hello);
    return hello ? ok(hello) : fail('stream_closed');
  }

  /**
   * A message the person wrote: added to the conversation as waiting, and sealed now if the
   * counsellor's sync of this epoch has arrived (else held until it does; the person may write
   * while the channel is being set up or the counsellor is away). Errors: malformed (empty) and
   * too_large (nothing is added: the text stays in the box); any other error means the channel
   * is dead (the message stays, waiting).
   */
  write(text: string): Result<Written> {
    const id = this.session.write(text);
    if (!id.ok) return id;
    const released = this.session.release();
    return released.error ? fail(released.error) : ok({ id: id.value, frames: released.frames });
  }

  /** A "typing" frame, unless one went out less than TYPING_INTERVAL_MS ago or the channel is not ready. */
  typingFrame(nowMs: number): MsgFrame | undefined {
    return this.session.typingFrame(nowMs);
  }

  /** The sealed end (TAG_FINAL), to go just before the server's `end`; undefined when not ready. */
  endFrame(): MsgFrame | undefined {
    return this.session.endFrame();
  }

  /** The server took frame `seq` (it is sent again after a reconnect until then). */
  accepted(seq: number): void {
    this.session.accepted(seq);
  }

  /** The counsellor has every frame up to `upTo`: the ids of messages now delivered. */
  delivered(upTo: number): string[] {
    return this.session.delivered(upTo);
  }

  /** The server gave these frames up (a new epoch, the chat ended): their messages stay waiting. */
  undelivered(seqs: readonly number[]): void {
    this.session.undelivered(seqs);
  }

  /** The conversation is over for good (not `requeued`, which continues it): the ids now not delivered. */
  endConversation(): string[] {
    return this.session.endConversation();
  }

  /** Frames without `accepted`, from `from` on: to send again after a reconnect or an error. */
  unaccepted(from = 1): MsgFrame[] {
    return this.session.unaccepted(from);
  }

  /**
   * One frame from the counsellor, in relay order. A duplicate gives nothing (acknowledge it
   * again); a missing frame before it, a frame before any handshake, or one the channel refuses
   * is an error: the channel cannot go on (errors of SecureChannel.receive, frame_rejected).
   */
  receive(seq: number, payload: string): Result<Received> {
    const got = this.session.receive(seq, payload);
    if (got.error) return fail(got.error);
    return ok({ replies: got.replies, content: got.content, ready: got.ready, changed: got.changed });
  }

  /** The cumulative acknowledgement of everything taken so far. */
  ack(): AckFrame {
    return this.session.ack();
  }

  /** Forgets the keys and the chat id (the conversation is the page's to keep or drop). */
  wipe(): void {
    this.session.dropChannel();
    this.sid.fill(0);
  }
}
