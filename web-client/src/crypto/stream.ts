// One secretstream per direction with padding, as crypto/src/secure_stream.cpp:
//   key k_hc (help-seeker → counsellor) or k_ch; associated data th ‖ direction byte (0x01 h→c, 0x02 c→h);
//   plaintext sodium_pad'ded to 256-byte blocks, at most 4096; TAG_REKEY per message, TAG_FINAL at the end.
// After its first error a receiving stream is dead; close() reports a missing final frame.
import sodium from 'libsodium-wrappers';
import { fromUtf8, utf8 } from './bytes';
import type { SessionKeys } from './handshake';
import { fail, ok, type Result } from './result';

export const Direction = { helpSeekerToCounsellor: 0x01, counsellorToHelpSeeker: 0x02 } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

export const STREAM_HEADER_BYTES = 24;
export const PADDING_BLOCK = 256;
export const MAX_PADDED_BYTES = 4096;
export const MAX_PLAINTEXT_BYTES = MAX_PADDED_BYTES - 1;
export const FRAME_OVERHEAD = 17;
export const MAX_FRAME_BYTES = MAX_PADDED_BYTES + FRAME_OVERHEAD;

type State = ReturnType<typeof sodium.crypto_secretstream_xchacha20poly1305_init_pull>;

const keyOf = (keys: SessionKeys, dir: Direction) => (dir === Direction.helpSeekerToCounsellor ? keys.kHc : keys.kCh);
const adOf = (keys: SessionKeys, dir: Direction) => {
  const ad = new Uint8Array(keys.th.length + 1);
  ad.set(keys.th);
  ad[keys.th.length] = dir;
  return ad;
};

export class SendingStream {
  private closed = false;

  private constructor(private readonly state: State, readonly header: Uint8Array, private readonly ad: Uint8Array) {}

  /** A stream with a fresh random header; send `header` to the peer first. */
  static open(keys: SessionKeys, dir: Direction): SendingStream {
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(keyOf(keys, dir));
    return new SendingStream(state, header, adOf(keys, dir));
  }

  /**
   * FOR TEST VECTORS ONLY: the caller picks the header. init_pull derives from (key, header) the
   * state init_push would have made with it. Errors: malformed (header not 24 bytes).
   */
  static openWithHeaderForVectors(keys: SessionKeys, dir: Direction, header: Uint8Array): Result<SendingStream> {
    if (header.length !== STREAM_HEADER_BYTES) return fail('malformed');
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, keyOf(keys, dir));
    return ok(new SendingStream(state, header.slice(), adOf(keys, dir)));
  }

  /** Pads and encrypts with TAG_REKEY. Errors: too_large (over 4095 UTF-8 bytes), stream_closed. */
  push(plaintext: string): Result<Uint8Array> {
    return this.pushTagged(plaintext, sodium.crypto_secretstream_xchacha20poly1305_TAG_REKEY);
  }

  /** The orderly end (TAG_FINAL); nothing can be pushed afterwards. Errors: as push. */
  pushFinal(plaintext: string): Result<Uint8Array> {
    return this.pushTagged(plaintext, sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL);
  }

  private pushTagged(plaintext: string, tag: number): Result<Uint8Array> {
    if (this.closed) return fail('stream_closed');
    const bytes = utf8(plaintext);
    if (bytes.length > MAX_PLAINTEXT_BYTES) return fail('too_large');
    const padded = sodium.pad(bytes, PADDING_BLOCK);
    const frame = sodium.crypto_secretstream_xchacha20poly1305_push(this.state, padded, this.ad, tag);
    sodium.memzero(padded);
    sodium.memzero(bytes);
    if (tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL) this.closed = true;
    return ok(frame);
  }
}

export interface ReceivedFrame { plaintext: string; final: boolean }

export class ReceivingStream {
  private finished = false;
  private dead = false;

  private constructor(private readonly state: State, private readonly ad: Uint8Array) {}

  /** Errors: malformed (header not 24 bytes). */
  static open(keys: SessionKeys, dir: Direction, header: Uint8Array): Result<ReceivingStream> {
    if (header.length !== STREAM_HEADER_BYTES) return fail('malformed');
    return ok(new ReceivingStream(sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, keyOf(keys, dir)), adOf(keys, dir)));
  }

  /**
   * Decrypts the next frame. Errors: too_large, frame_rejected (short, modified, replayed,
   * reordered, one missing before it, or a tag other than REKEY/FINAL), bad_padding,
   * malformed (not UTF-8), stream_closed (after the final frame or an earlier error).
   */
  pull(frame: Uint8Array): Result<ReceivedFrame> {
    if (this.dead) return fail('stream_closed');
    // Any error kills the stream: the transport promised each frame once and in order.
    this.dead = true;
    if (frame.length > MAX_FRAME_BYTES) return fail('too_large');
    if (frame.length < FRAME_OVERHEAD) return fail('frame_rejected');
    const opened = sodium.crypto_secretstream_xchacha20poly1305_pull(this.state, frame, this.ad);
    if (opened === false) return fail('frame_rejected');
    const { message, tag } = opened;
    // The decrypted bytes are wiped on every way out; only the returned string remains.
    const refuse = (error: 'frame_rejected' | 'bad_padding' | 'malformed') => {
      sodium.memzero(message);
      return fail<ReceivedFrame>(error);
    };
    const final = tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (!final && tag !== sodium.crypto_secretstream_xchacha20poly1305_TAG_REKEY) return refuse('frame_rejected');
    if (message.length === 0 || message.length % PADDING_BLOCK !== 0) return refuse('bad_padding');
    let unpadded: Uint8Array;
    try {
      unpadded = sodium.unpad(message, PADDING_BLOCK);
    } catch {
      return refuse('bad_padding');
    }
    const plaintext = fromUtf8(unpadded);
    if (plaintext === undefined) return refuse('malformed');
    sodium.memzero(message);
    this.finished = final;
    this.dead = final;
    return ok({ plaintext, final });
  }

  /** Fine after the final frame; truncated otherwise. The stream is dead afterwards. */
  close(): Result<void> {
    this.dead = true;
    return this.finished ? ok(undefined) : fail('truncated');
  }
}
