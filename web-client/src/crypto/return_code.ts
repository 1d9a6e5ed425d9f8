// The mailbox return code R (docs/crypto.md "Mailbox, version 1"), as crypto/src/return_code.cpp:
//   20 characters of Crockford base32 (the first 100 bits of 13 random bytes, 5 bits per
//   character, most significant first), shown as 5 groups of 4 joined by '-'.
// Only the help-seeker ever holds it: it is shown once, never stored, never sent.
import sodium from 'libsodium-wrappers';
import { fail, ok, type Result } from './result';

export const RETURN_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RETURN_CODE_LENGTH = 20;
/** Random bytes drawn for one code: 104 bits, of which the first 100 are used. */
export const RETURN_CODE_RANDOM_BYTES = 13;

// What a person may type for a character of the alphabet that looks like it.
const LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1', U: 'V' };

/** True for exactly 20 characters of the alphabet (what normaliseReturnCode returns). */
export function isNormalisedReturnCode(code: string): boolean {
  if (code.length !== RETURN_CODE_LENGTH) return false;
  for (const c of code) if (!RETURN_CODE_ALPHABET.includes(c)) return false;
  return true;
}

/** The code of 13 given random bytes (makeReturnCode draws them; vectors fix them). Errors: malformed (not 13 bytes). */
export function returnCodeFromBytes(random: Uint8Array): Result<string> {
  if (random.length !== RETURN_CODE_RANDOM_BYTES) return fail('malformed');
  let code = '';
  for (let i = 0; i < RETURN_CODE_LENGTH; i += 1) {
    let value = 0;
    for (let bit = 5 * i; bit < 5 * i + 5; bit += 1) value = value * 2 + ((random[bit >> 3]! >> (7 - (bit & 7))) & 1);
    code += RETURN_CODE_ALPHABET[value];
  }
  return ok(code);
}

/** A fresh code from the CSPRNG: 20 characters of the alphabet, not grouped (formatReturnCode groups it). */
export function makeReturnCode(): string {
  const random = sodium.randombytes_buf(RETURN_CODE_RANDOM_BYTES);
  const code = returnCodeFromBytes(random);
  sodium.memzero(random);
  if (!code.ok) throw new Error('unreachable: 13 random bytes always make a code');
  return code.value;
}

/**
 * What a person typed, as the 20-character code: every character that is not an ASCII letter or
 * digit is dropped (spaces, '-', '.', '_', and any non-ASCII character such as a no-break space
 * or a dash a phone put in), ASCII letters are upper-cased, and O→0, I→1, L→1, U→V.
 * Errors: malformed (not exactly 20 characters of the alphabet after that).
 */
export function normaliseReturnCode(typed: string): Result<string> {
  let code = '';
  for (const c of typed) {
    if (!/^[A-Za-z0-9]$/.test(c)) continue;
    const upper = c.toUpperCase();
    code += LOOK_ALIKES[upper] ?? upper;
    if (code.length > RETURN_CODE_LENGTH) return fail('malformed');
  }
  return isNormalisedReturnCode(code) ? ok(code) : fail('malformed');
}

/** Groups of 4 joined by '-', for showing: "7K3M-Q9XD-2HRT-VW4B-ZP8N". */
export function formatReturnCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join('-');
}
