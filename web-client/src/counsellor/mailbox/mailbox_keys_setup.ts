// The counsellor's mailbox keys (docs/crypto.md "Mailbox"): the kept ones unwrapped with `wrap`
// into memory at sign-in, a new one made, signed by the identity key and wrapped when there is
// none or the newest has less than 7 days left, and all of them wiped at sign-out.
import { fromBase64Url, toBase64Url } from '../../crypto/encoding';
import { wipe, type DhKeyPair, type SigningKeyPair } from '../../crypto/keys';
import { MAILBOX_KEY_LIFETIME_SECONDS, MAILBOX_KEY_RENEW_BEFORE_SECONDS, makeMailboxKey, signMailboxKey, unwrapMailboxKey,
  wrapMailboxKey } from '../../crypto/mailbox_keys';
import type { StoredMailboxKey } from '../../net/mailbox_messages';

/** One of this account's mailbox keys, open in memory. */
export interface MailboxKey { keys: DhKeyPair; notAfter: number; publicText: string }

/** The `mailbox_key` message that stores a new key on the server. */
export interface MailboxKeyUpload { type: 'mailbox_key'; public: string; signature: string; not_after: number; wrapped: string }

/** Whether the newest key (undefined: none) no longer covers the next week. */
export const needsNewMailboxKey = (newest: MailboxKey | undefined, nowSeconds: number): boolean =>
  newest === undefined || newest.notAfter - nowSeconds < MAILBOX_KEY_RENEW_BEFORE_SECONDS;

/**
 * A fresh key, valid 30 days, signed by `identity` and wrapped under `wrap`; undefined when the
 * wrapping fails (a broken wrap). libsodium must be ready; `wrap` stays the caller's.
 */
export function makeMailboxKeyUpload(identity: SigningKeyPair, wrap: Uint8Array, nowSeconds: number):
  { key: MailboxKey; upload: MailboxKeyUpload } | undefined {
  const keys = makeMailboxKey();
  const notAfter = nowSeconds + MAILBOX_KEY_LIFETIME_SECONDS;
  const wrapped = wrapMailboxKey(keys.secretKey, wrap);
  if (!wrapped.ok) {
    wipe(keys);
    return undefined;
  }
  const signature = signMailboxKey(identity, keys.publicKey, notAfter);
  const publicText = toBase64Url(keys.publicKey);
  return {
    key: { keys, notAfter, publicText },
    upload: { type: 'mailbox_key', public: publicText, signature: toBase64Url(signature), not_after: notAfter,
      wrapped: toBase64Url(wrapped.value) },
  };
}

/** The keys of this account open in memory, newest first; each wiped once the session ends. */
export class MailboxKeyRing {
  private keys: MailboxKey[] = [];

  /**
   * Unwraps the server's keys with `wrap`. A key that does not open (a blob for another key, a
   * wrong wrap, malformed base64) is left out and counted, never fatal: letters sealed to it show
   * as unreadable. Returns how many did not open.
   */
  openStored(stored: readonly StoredMailboxKey[], wrap: Uint8Array): number {
    let unopened = 0;
    for (const entry of stored) {
      if (this.find(entry.public)) continue;
      let opened;
      try {
        opened = unwrapMailboxKey(fromBase64Url(entry.wrapped), wrap, fromBase64Url(entry.public));
      } catch {
        opened = undefined;
      }
      if (!opened?.ok) {
        unopened += 1;
        continue;
      }
      this.add({ keys: opened.value, notAfter: entry.notAfter, publicText: entry.public });
    }
    return unopened;
  }

  add(key: MailboxKey): void {
    this.keys.push(key);
    this.keys.sort((a, b) => b.notAfter - a.notAfter);
  }

  /** Forgets (and wipes) a key the server did not take. */
  discard(key: MailboxKey): void {
    this.keys = this.keys.filter((candidate) => candidate !== key);
    wipe(key.keys);
  }

  /** The key replies are sealed with: the one valid longest. */
  get newest(): MailboxKey | undefined {
    return this.keys[0];
  }

  /** The key whose public half is `publicText` (base64), if it is open here. */
  find(publicText: string): MailboxKey | undefined {
    return this.keys.find((key) => key.publicText === publicText);
  }

  get size(): number {
    return this.keys.length;
  }

  wipeAll(): void {
    for (const key of this.keys) wipe(key.keys);
    this.keys = [];
  }
}
