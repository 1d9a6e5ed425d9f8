// Result<T> and the error codes of the protocol: bad input is a value, never a thrown surprise,
// and every error means "stop": there is no plaintext fallback. Codes match crypto/result.hpp.

export type CryptoErrorCode =
  | 'malformed' // wrong length or encoding of a key, signature, blob or field
  | 'bad_signature' // certificate, shift-key or revocation-list signature (also: wrong root key)
  | 'expired' // certificate, shift key or revocation list past its not_after
  | 'revoked' // the identity key is on the root-signed revocation list
  | 'low_order_point' // a Diffie-Hellman output was all zero
  | 'bad_confirmation' // the counsellor's key confirmation does not match
  | 'frame_rejected' // modified, replayed, reordered or missing frame; a letter moved, altered or not from its sender
  | 'bad_padding' // authentic frame or letter, but not padded as version 1 says
  | 'too_large' // above the 4 KiB limit (a frame) or 16 KiB (a letter)
  | 'truncated' // the stream was closed before its final frame
  | 'stream_closed' // the stream has ended or failed before
  | 'unwrap_failed' // the wrapped identity or mailbox key does not open with this wrap value
  | 'no_root_key'; // this bundle was built without the centre's root key: nothing can be verified

export type Result<T> = { ok: true; value: T } | { ok: false; error: CryptoErrorCode };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: CryptoErrorCode): Result<T> => ({ ok: false, error });
