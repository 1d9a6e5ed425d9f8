// URL-safe unpadded base64 (sodium's URLSAFE_NO_PADDING), the encoding of binary values in the server's JSON.
//
// Both functions are synchronous and need libsodium to be initialised: call them only after
// `await sodium.ready` (every crypto entry point awaits it). The import names the small
// libsodium build; the console bundles alias it to the sumo build so a page loads one copy.
import sodium from 'libsodium-wrappers';

/** Encodes bytes as URL-safe base64 without padding. Throws only if sodium is not ready. */
export function toBase64Url(bytes: Uint8Array): string {
  return sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);
}

/**
 * Decodes URL-safe unpadded base64. Throws an Error naming the problem on anything else:
 * padding, the standard alphabet (+ /), whitespace, stray characters, an impossible length
 * or non-zero trailing bits (libsodium accepts only the canonical encoding).
 */
export function fromBase64Url(text: string): Uint8Array {
  try {
    return sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);
  } catch (error) {
    // The input itself is left out of the message: it may be a key or a token.
    throw new Error(`not URL-safe unpadded base64 (${error instanceof Error ? error.message : String(error)})`);
  }
}
