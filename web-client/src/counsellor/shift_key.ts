// Shift keys (CRYPTO.md "SPK"): a fresh X25519 key for each duty period, signed by the identity
// key, and the ring that keeps each one alive exactly as long as something needs it: the duty
// period while on duty, and every chat that was assigned under it (its handshake uses it).
import { toBase64Url } from '../crypto/encoding';
import { generateDhKeyPair, wipe, type DhKeyPair, type SigningKeyPair } from '../crypto/keys';
import { signShiftKey } from '../crypto/shift_key';

/** How long a shift key is valid at most; the login session's end caps it. */
export const SHIFT_KEY_LIFETIME_SECONDS = 12 * 3600;

/** duty's shift_key field (docs/protocol.md "Counsellor"). */
export interface ShiftKeyField { public: string; signature: string; not_after: number }

export interface ShiftKey { keys: DhKeyPair; notAfter: number; field: ShiftKeyField }

/** A fresh signed shift key, valid until now + 12 h or the session's end, whichever is first. libsodium must be ready. */
export function makeShiftKey(identity: SigningKeyPair, nowSeconds: number, sessionExpiresAt: number): ShiftKey {
  const keys = generateDhKeyPair();
  const notAfter = Math.min(nowSeconds + SHIFT_KEY_LIFETIME_SECONDS, sessionExpiresAt);
  const signature = signShiftKey(identity, keys.publicKey, notAfter);
  return { keys, notAfter, field: { public: toBase64Url(keys.publicKey), signature: toBase64Url(signature), not_after: notAfter } };
}

/** Holds the current shift key and those still used by chats; wipes each once nothing uses it. */
export class ShiftKeyRing {
  private currentKey: ShiftKey | undefined;
  private readonly users = new Map<ShiftKey, number>();

  /** The key of the duty period going on now, if any. */
  get current(): ShiftKey | undefined {
    return this.currentKey;
  }

  /** Starts a duty period's key (the previous one is retired). */
  setCurrent(key: ShiftKey): void {
    this.retireCurrent();
    this.currentKey = key;
  }

  /** The duty period is over: its key lives on only while chats use it. */
  retireCurrent(): void {
    const key = this.currentKey;
    this.currentKey = undefined;
    if (key) this.wipeIfUnused(key);
  }

  /** A chat (epoch) starts using `key`. */
  acquire(key: ShiftKey): void {
    this.users.set(key, (this.users.get(key) ?? 0) + 1);
  }

  /** A chat (epoch) no longer needs `key`. */
  release(key: ShiftKey): void {
    const count = (this.users.get(key) ?? 0) - 1;
    if (count > 0) {
      this.users.set(key, count);
      return;
    }
    this.users.delete(key);
    this.wipeIfUnused(key);
  }

  /** The session is over: every key goes, used or not. */
  wipeAll(): void {
    for (const key of this.users.keys()) wipe(key.keys);
    if (this.currentKey) wipe(this.currentKey.keys);
    this.users.clear();
    this.currentKey = undefined;
  }

  private wipeIfUnused(key: ShiftKey): void {
    if (key !== this.currentKey && !this.users.has(key)) wipe(key.keys);
  }
}
