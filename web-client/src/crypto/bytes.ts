// Byte helpers for the signed and hashed messages: concatenation, big-endian integers, UTF-8.

/** Concatenates byte strings. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `value` as `width` big-endian bytes; throws RangeError for a value that does not fit (a bug, not input). */
export function be(value: number, width: 1 | 4 | 8): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0 || (width < 8 && value >= 2 ** (8 * width))) {
    throw new RangeError(`cannot encode ${value} in ${width} bytes`);
  }
  const out = new Uint8Array(width);
  let rest = value;
  for (let i = width - 1; i >= 0; i -= 1) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}

/** Reads big-endian bytes; undefined when the value exceeds Number.MAX_SAFE_INTEGER. */
export function readBe(bytes: Uint8Array): number | undefined {
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return Number.isSafeInteger(value) ? value : undefined;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Strict UTF-8 decoding; undefined on invalid bytes. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
