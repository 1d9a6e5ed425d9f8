// One epoch of a chat's end-to-end encryption, for either side (CRYPTO.md; docs/protocol.md,
// "End-to-end frames"). It turns relay payloads into chat content and back and knows nothing of
// sequence numbers or sockets. A frame out of place is `frame_rejected`. Any crypto error is final for the epoch: the caller shows it and
// never falls back to plaintext.
//
//   help-seeker                          counsellor
//   start()      → 0x01 e_H
//                                         receive(0x01) → 0x02 e_C ‖ confirm ‖ header_ch
//   receive(0x02) → 0x03 header_hc        (ready: can read and send)
//   (ready)                               receive(0x03) (ready)
import { counsellorRespond, HelpSeekerHandshake, sasCode, wipeSessionKeys, type SessionKeys } from '../crypto/handshake';
import type { DhKeyPair } from '../crypto/keys';
import { fail, ok, type Result } from '../crypto/result';
import { Direction, ReceivingStream, SendingStream, STREAM_HEADER_BYTES } from '../crypto/stream';
import type { ReceivedBundle } from './bundle_json';
import { decodeContent, encodeContent, type ChatContent } from './content';
import { decodeFrame, encodeFrame, FrameKind } from './e2e_frames';

/** What one incoming payload did: payloads to send back, content to show, and whether the channel just became ready. */
export interface ChannelStep { replies: string[]; content: ChatContent | undefined; ready: boolean }

const step = (replies: string[] = [], content?: ChatContent, ready = false): ChannelStep => ({ replies, content, ready });

/** Either side's channel, as the chat session drives it (chat/chat_session.ts). */
export abstract class SecureChannel {
  protected sending: SendingStream | undefined;
  protected receiving: ReceivingStream | undefined;
  private code = '';

  /** The 6-digit verification code, once the keys are agreed ('' before). */
  get verificationCode(): string {
    return this.code;
  }

  /** Both streams are open: content can go both ways. */
  get ready(): boolean {
    return this.sending !== undefined && this.receiving !== undefined;
  }

  /** Seals content for the peer (the end with TAG_FINAL). Errors: stream_closed (not ready or ended), too_large. */
  seal(content: ChatContent): Result<string> {
    if (!this.sending) return fail('stream_closed');
    const plaintext = encodeContent(content);
    const frame = content.type === 'end' ? this.sending.pushFinal(plaintext) : this.sending.push(plaintext);
    return frame.ok ? ok(encodeFrame(FrameKind.sealed, frame.value)) : frame;
  }

  /** Handles one payload from the peer, in relay order. */
  receive(payload: string): Result<ChannelStep> {
    const frame = decodeFrame(payload);
    if (!frame) return fail('malformed');
    if (frame.kind !== FrameKind.sealed) return this.handshakeFrame(frame.kind, frame.data);
    if (!this.receiving) return fail('frame_rejected');
    const opened = this.receiving.pull(frame.data);
    if (!opened.ok) return opened;
    // Content that decrypts but is not understood (a newer client) is dropped, not shown.
    return ok(step([], decodeContent(opened.value.plaintext)));
  }

  /** Drops both streams: nothing can be sealed or opened any more (the help-seeker also wipes e_H). */
  close(): void {
    this.sending = undefined;
    this.receiving = undefined;
  }

  protected abstract handshakeFrame(kind: FrameKind, data: Uint8Array): Result<ChannelStep>;

  /** Keeps the code, then wipes the session keys: from here the stream states are the only keys. */
  protected agreed(keys: SessionKeys): void {
    this.code = sasCode(keys);
    wipeSessionKeys(keys);
  }
}

/** The help-seeker's side: verifies the counsellor's bundle against the pinned root first. */
export class HelpSeekerChannel extends SecureChannel {
  private constructor(private handshake: HelpSeekerHandshake | undefined) {
    super();
  }

  /**
   * Checks the bundle and makes e_H. Returns the channel and the first payload to send.
   * Errors: no_root_key, malformed, bad_signature, expired, revoked.
   */
  static start(root: Uint8Array | undefined, received: ReceivedBundle, sid: Uint8Array, epoch: number,
    nowSeconds: number): Result<{ channel: HelpSeekerChannel; hello: string }> {
    const handshake = HelpSeekerHandshake.start(root, received.bundle, sid, epoch, nowSeconds, received.revocations);
    if (!handshake.ok) return handshake;
    const hello = encodeFrame(FrameKind.helpSeekerHello, handshake.value.ephemeralKey);
    return ok({ channel: new HelpSeekerChannel(handshake.value), hello });
  }

  /**
   * Forgets the channel's keys: a handshake still waiting for the counsellor's reply wipes e_H.
   * The stream states live in libsodium's WebAssembly heap, which JavaScript cannot wipe; they
   * are dropped with the channel (docs/crypto.md, "Where the secrets live").
   */
  override close(): void {
    this.handshake?.abandon();
    this.handshake = undefined;
    super.close();
  }

  protected handshakeFrame(kind: FrameKind, data: Uint8Array): Result<ChannelStep> {
    const handshake = this.handshake;
    if (kind !== FrameKind.counsellorReply || !handshake) return fail('frame_rejected');
    this.handshake = undefined;
    if (data.length !== 32 + 32 + STREAM_HEADER_BYTES) return fail('malformed');
    const keys = handshake.finish(data.subarray(0, 32), data.subarray(32, 64));
    if (!keys.ok) return keys;
    const receiving = ReceivingStream.open(keys.value, Direction.counsellorToHelpSeeker, data.subarray(64));
    if (!receiving.ok) {
      wipeSessionKeys(keys.value);
      return receiving;
    }
    this.receiving = receiving.value;
    this.sending = SendingStream.open(keys.value, Direction.helpSeekerToCounsellor);
    const header = encodeFrame(FrameKind.helpSeekerHeader, this.sending.header);
    this.agreed(keys.value);
    return ok(step([header], undefined, true));
  }
}

/** The counsellor's side: answers e_H with the shift key of the current duty period. */
export class CounsellorChannel extends SecureChannel {
  private answered = false;
  // Between the reply and the help-seeker's header: needed to open the receiving stream.
  private pendingKeys: SessionKeys | undefined;

  /** `shift` stays the caller's (it serves every chat of the duty period); it is not wiped here. */
  constructor(private readonly sid: Uint8Array, private readonly epoch: number, private readonly identityKey: Uint8Array,
    private readonly shift: DhKeyPair) {
    super();
  }

  protected handshakeFrame(kind: FrameKind, data: Uint8Array): Result<ChannelStep> {
    if (kind === FrameKind.helpSeekerHello && !this.answered) {
      this.answered = true;
      const params = { sid: this.sid, epoch: this.epoch, identityKey: this.identityKey, shiftKey: this.shift.publicKey };
      const reply = counsellorRespond(params, this.shift, data);
      if (!reply.ok) return reply;
      this.sending = SendingStream.open(reply.value.keys, Direction.counsellorToHelpSeeker);
      this.pendingKeys = reply.value.keys;
      return ok(step([encodeFrame(FrameKind.counsellorReply, reply.value.eC, reply.value.confirm, this.sending.header)]));
    }
    if (kind === FrameKind.helpSeekerHeader && this.pendingKeys) {
      const keys = this.pendingKeys;
      this.pendingKeys = undefined;
      const receiving = ReceivingStream.open(keys, Direction.helpSeekerToCounsellor, data);
      this.agreed(keys);
      if (!receiving.ok) return receiving;
      this.receiving = receiving.value;
      return ok(step([], undefined, true));
    }
    return fail('frame_rejected');
  }

  /** The counsellor may send only once the help-seeker has proven the keys by sending its header. */
  override seal(content: ChatContent): Result<string> {
    return this.ready ? super.seal(content) : fail('stream_closed');
  }
}

export type { ChatContent };
