// Mailbox letters (docs/crypto.md "Mailbox, version 1"), byte for byte as crypto/src/letter.cpp:
//   body       one JSON object (UTF-8, at most 16383 bytes), sodium_pad'ded to a multiple of 1024
//   ciphertext = nonce (24) ‖ crypto_aead_xchacha20poly1305_ietf_encrypt(padded, AD, nonce, k)
//   AD         = "tillit-letter-v1" ‖ box_id (16) ‖ BE(number, 4) ‖ direction (0x01 to the centre, 0x02 to the help-seeker)
//   envelope   = nonce (24) ‖ crypto_box_easy(k, nonce, reader_pk, sender_sk)   (72 bytes), one per reader
import sodium from 'libsodium-wrappers';
import { be, concat, utf8 } from './bytes';
import { fromBase64Url, toBase64Url } from './encoding';
import { PUBLIC_KEY_BYTES } from './keys';
import { BOX_ID_BYTES, type BoxKeyPair } from './mailbox_keys';
import { fail, ok, type Result } from './result';

/** 'to_centre': the help-seeker's letter (sender HK); 'to_help_seeker': a counsellor's reply (sender MK). */
export type Direction = 'to_centre' | 'to_help_seeker';

export const LETTER_BLOCK = 1024;
export const MAX_LETTER_PADDED_BYTES = 16384;
export const MAX_LETTER_BODY_BYTES = MAX_LETTER_PADDED_BYTES - 1; // sodium_pad adds at least one byte
export const LETTER_NONCE_BYTES = 24;
export const LETTER_TAG_BYTES = 16;
export const MAX_LETTER_CIPHERTEXT_BYTES = LETTER_NONCE_BYTES + MAX_LETTER_PADDED_BYTES + LETTER_TAG_BYTES;
export const LETTER_KEY_BYTES = 32;
export const ENVELOPE_BYTES = 72;
export const MAX_READERS = 64;

const LABEL = utf8('tillit-letter-v1');
const DIRECTION_BYTE: Readonly<Record<Direction, number>> = { to_centre: 0x01, to_help_seeker: 0x02 };

export interface Envelope { to: Uint8Array; box: Uint8Array }
export interface SealedLetter { ciphertext: Uint8Array; envelopes: Envelope[] }
/** What a letter says; threadKey (HK_pk) only in a help-seeker's letter, already checked against its sender. */
export interface LetterBody { text: string; threadKey?: Uint8Array }

/** The body of a help-seeker's letter: its text and the thread's HK_pk. */
export const helpSeekerLetterBody = (text: string, threadKey: Uint8Array): object =>
  ({ text, thread_key: toBase64Url(threadKey) }); // eslint-disable-line @typescript-eslint/naming-convention
/** The body of a counsellor's reply. */
export const counsellorLetterBody = (text: string): object => ({ text });

const validNumber = (n: number) => Number.isInteger(n) && n >= 1 && n < 2 ** 32;

/** The associated data of a letter's AEAD. Throws RangeError on a number outside 1..2^32-1 (a bug). */
export function letterAssociatedData(boxId: Uint8Array, number: number, direction: Direction): Uint8Array {
  if (!validNumber(number)) throw new RangeError('letter numbers are 1 to 2^32-1');
  return concat(LABEL, boxId, be(number, 4), Uint8Array.of(DIRECTION_BYTE[direction]));
}

/** FOR TEST VECTORS ONLY: the caller fixes k, the letter's nonce and each envelope's nonce. */
export interface FixedLetterRandomness { key: Uint8Array; nonce: Uint8Array; envelopeNonces: Uint8Array[] }

/**
 * FOR TEST VECTORS ONLY: sealLetter of an already serialised body with fixed randomness.
 * Errors: as sealLetter, and malformed (fixed sizes).
 */
export function sealLetterTextForVectors(bodyJson: string, boxId: Uint8Array, number: number, direction: Direction,
  sender: BoxKeyPair, readers: Uint8Array[], fixed: FixedLetterRandomness): Result<SealedLetter> {
  if (boxId.length !== BOX_ID_BYTES || !validNumber(number) || sender.publicKey.length !== PUBLIC_KEY_BYTES ||
      sender.secretKey.length !== 32 || readers.length === 0 || readers.length > MAX_READERS ||
      readers.some((key) => key.length !== PUBLIC_KEY_BYTES) || fixed.key.length !== LETTER_KEY_BYTES ||
      fixed.nonce.length !== LETTER_NONCE_BYTES || fixed.envelopeNonces.length !== readers.length ||
      fixed.envelopeNonces.some((n) => n.length !== LETTER_NONCE_BYTES)) return fail('malformed');
  const body = utf8(bodyJson);
  if (body.length > MAX_LETTER_BODY_BYTES) return fail('too_large');
  const padded = sodium.pad(body, LETTER_BLOCK);
  const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, letterAssociatedData(boxId, number, direction), null,
    fixed.nonce, fixed.key);
  sodium.memzero(padded);
  sodium.memzero(body);
  const envelopes: Envelope[] = [];
  for (const [i, to] of readers.entries()) {
    const nonce = fixed.envelopeNonces[i]!;
    try {
      envelopes.push({ to: to.slice(), box: concat(nonce, sodium.crypto_box_easy(fixed.key, nonce, to, sender.secretKey)) });
    } catch {
      return fail('low_order_point'); // libsodium refuses a reader key whose shared secret is all zero
    }
  }
  return ok({ ciphertext: concat(fixed.nonce, sealed), envelopes });
}

/**
 * Seals one letter for its readers (the help-seeker: every verified roster MK_pk and its own
 * HK_pk; a counsellor: the thread's HK_pk from its FIRST letter, every verified colleague's MK_pk
 * and its own). `body` is written with JSON.stringify (helpSeekerLetterBody, counsellorLetterBody).
 * Errors: malformed (box_id not 16 bytes, number outside 1..2^32-1, no reader or more than 64,
 * key sizes), too_large (body over 16383 UTF-8 bytes), low_order_point (a reader key is unusable).
 */
export function sealLetter(body: object, boxId: Uint8Array, number: number, direction: Direction, sender: BoxKeyPair,
  readers: Uint8Array[]): Result<SealedLetter> {
  const key = sodium.randombytes_buf(LETTER_KEY_BYTES);
  const fixed = {
    key,
    nonce: sodium.randombytes_buf(LETTER_NONCE_BYTES),
    envelopeNonces: readers.map(() => sodium.randombytes_buf(LETTER_NONCE_BYTES)),
  };
  const sealed = sealLetterTextForVectors(JSON.stringify(body), boxId, number, direction, sender, readers, fixed);
  sodium.memzero(key);
  return sealed;
}

/**
 * Opens one letter with the envelope addressed to this reader: the envelope with the sender's
 * public key and the reader's secret gives k; the AEAD is checked against the box_id, number and
 * direction the reader expects. Errors, in this order: malformed (sizes), too_large (ciphertext
 * over 24 + 16384 + 16 bytes), frame_rejected (too short, envelope or letter not authentic: moved
 * to another thread or number, other direction, wrong key, modified), bad_padding, malformed (not
 * UTF-8, not a JSON object with a string "text"), frame_rejected (a help-seeker letter whose
 * thread_key is not the sender's public key).
 */
export function openLetter(ciphertext: Uint8Array, box: Uint8Array, boxId: Uint8Array, number: number, direction: Direction,
  senderPublic: Uint8Array, readerSecret: Uint8Array): Result<LetterBody> {
  const text = openLetterText(ciphertext, box, boxId, number, direction, senderPublic, readerSecret);
  if (!text.ok) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.value);
  } catch {
    return fail('malformed');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('malformed');
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.text !== 'string') return fail('malformed');
  if (direction === 'to_help_seeker') return ok({ text: fields.text });
  let threadKey: Uint8Array;
  try {
    threadKey = typeof fields.thread_key === 'string' ? fromBase64Url(fields.thread_key) : new Uint8Array();
  } catch {
    return fail('frame_rejected');
  }
  if (threadKey.length !== PUBLIC_KEY_BYTES || !sodium.memcmp(threadKey, senderPublic)) return fail('frame_rejected');
  return ok({ text: fields.text, threadKey });
}

/** openLetter up to the UTF-8 body text, without reading the JSON (C++ open_letter returns the same). Errors: as openLetter. */
export function openLetterText(ciphertext: Uint8Array, box: Uint8Array, boxId: Uint8Array, number: number, direction: Direction,
  senderPublic: Uint8Array, readerSecret: Uint8Array): Result<string> {
  if (box.length !== ENVELOPE_BYTES || boxId.length !== BOX_ID_BYTES || !validNumber(number) ||
      senderPublic.length !== PUBLIC_KEY_BYTES || readerSecret.length !== 32) return fail('malformed');
  if (ciphertext.length > MAX_LETTER_CIPHERTEXT_BYTES) return fail('too_large');
  if (ciphertext.length < LETTER_NONCE_BYTES + LETTER_TAG_BYTES) return fail('frame_rejected');
  let key: Uint8Array;
  try {
    key = sodium.crypto_box_open_easy(box.subarray(LETTER_NONCE_BYTES), box.subarray(0, LETTER_NONCE_BYTES), senderPublic, readerSecret);
  } catch {
    return fail('frame_rejected');
  }
  let padded: Uint8Array;
  try {
    padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext.subarray(LETTER_NONCE_BYTES),
      letterAssociatedData(boxId, number, direction), ciphertext.subarray(0, LETTER_NONCE_BYTES), key);
  } catch {
    return fail('frame_rejected');
  } finally {
    sodium.memzero(key);
  }
  try {
    if (padded.length === 0 || padded.length % LETTER_BLOCK !== 0) return fail('bad_padding');
    let body: Uint8Array;
    try {
      body = sodium.unpad(padded, LETTER_BLOCK);
    } catch {
      return fail('bad_padding');
    }
    try {
      // Strict, and a byte-order mark is kept, so JSON.parse refuses it as crypto/src/letter.cpp does.
      return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body));
    } catch {
      return fail('malformed');
    }
  } finally {
    sodium.memzero(padded);
  }
}
