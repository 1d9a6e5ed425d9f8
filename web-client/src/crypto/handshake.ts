// One epoch's handshake (CRYPTO.md "Handshake"), byte for byte as crypto/src/handshake.cpp:
//   th   = BLAKE2b-256("tillit-v1" ‖ sid (16) ‖ n (4, BE) ‖ IK_pk ‖ SPK_pk ‖ e_H ‖ e_C)
//   root = BLAKE2b-256(key = th, DH(e_H, e_C) ‖ DH(e_H, SPK))
//   k_hc, k_ch, k_conf, k_sas = crypto_kdf_derive_from_key(32, 1..4, "tillitv1", root)
//   confirm = BLAKE2b-256(key = k_conf, "confirm" ‖ th); sas = first 4 bytes of k_sas (BE) mod 10^6
import sodium from 'libsodium-wrappers';
import { verifyBundle, type CounsellorBundle } from './bundle';
import { be, concat, readBe, utf8 } from './bytes';
import { generateDhKeyPair, PUBLIC_KEY_BYTES, SESSION_ID_BYTES, wipe, type DhKeyPair } from './keys';
import { fail, ok, type Result } from './result';

const KDF_CONTEXT = 'tillitv1';

export interface HandshakeParams { sid: Uint8Array; epoch: number; identityKey: Uint8Array; shiftKey: Uint8Array }

export interface SessionKeys {
  th: Uint8Array;
  kHc: Uint8Array; // help-seeker → counsellor stream
  kCh: Uint8Array; // counsellor → help-seeker stream
  kConf: Uint8Array;
  kSas: Uint8Array;
}

export interface CounsellorReply { eC: Uint8Array; confirm: Uint8Array; keys: SessionKeys }

export function transcriptHash(params: HandshakeParams, eH: Uint8Array, eC: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(32,
    concat(utf8('tillit-v1'), params.sid, be(params.epoch, 4), params.identityKey, params.shiftKey, eH, eC), null);
}

export const keyConfirmation = (keys: SessionKeys): Uint8Array =>
  sodium.crypto_generichash(32, concat(utf8('confirm'), keys.th), keys.kConf);

/** The 6-digit code both people may compare (leading zeros kept). */
export function sasCode(keys: SessionKeys): string {
  return String((readBe(keys.kSas.subarray(0, 4)) ?? 0) % 1_000_000).padStart(6, '0');
}

/** Overwrites every secret of the session (call when the epoch ends). */
export function wipeSessionKeys(keys: SessionKeys): void {
  for (const key of [keys.kHc, keys.kCh, keys.kConf, keys.kSas]) sodium.memzero(key);
}

// DH(a, b): libsodium throws when the output is all zero (a low-order or zero point).
function dh(secret: Uint8Array, peer: Uint8Array): Uint8Array | undefined {
  if (peer.length !== PUBLIC_KEY_BYTES) return undefined;
  try {
    return sodium.crypto_scalarmult(secret, peer);
  } catch {
    return undefined;
  }
}

function derive(th: Uint8Array, dh1: Uint8Array, dh2: Uint8Array): SessionKeys {
  const input = concat(dh1, dh2);
  const root = sodium.crypto_generichash(32, input, th);
  const sub = (id: number) => sodium.crypto_kdf_derive_from_key(32, id, KDF_CONTEXT, root);
  const keys = { th, kHc: sub(1), kCh: sub(2), kConf: sub(3), kSas: sub(4) };
  for (const secret of [input, root, dh1, dh2]) sodium.memzero(secret);
  return keys;
}

/**
 * The counsellor's side: from the help-seeker's e_H, make e_C (or use the one given, for
 * vectors), the keys and the confirmation. Errors: malformed, low_order_point.
 */
export function counsellorRespond(params: HandshakeParams, shift: DhKeyPair, eH: Uint8Array, eC?: DhKeyPair): Result<CounsellorReply> {
  if (eH.length !== PUBLIC_KEY_BYTES) return fail('malformed');
  const ephemeral = eC ?? generateDhKeyPair();
  const dh1 = dh(ephemeral.secretKey, eH);
  const dh2 = dh(shift.secretKey, eH);
  if (eC === undefined) wipe(ephemeral);
  if (!dh1 || !dh2) return fail('low_order_point');
  const keys = derive(transcriptHash(params, eH, ephemeral.publicKey), dh1, dh2);
  return ok({ eC: ephemeral.publicKey, confirm: keyConfirmation(keys), keys });
}

/** The help-seeker's side: start() verifies the bundle and holds e_H until finish(). */
export class HelpSeekerHandshake {
  private eH: DhKeyPair | undefined;

  private constructor(private readonly params: HandshakeParams, eH: DhKeyPair) {
    this.eH = eH;
    this.ephemeralKey = eH.publicKey;
  }

  /** e_H, to send to the counsellor. */
  readonly ephemeralKey: Uint8Array;

  /**
   * Errors: those of verifyBundle (no_root_key, malformed, bad_signature, expired, revoked),
   * malformed (sid not 16 bytes).
   */
  static start(root: Uint8Array | undefined, bundle: CounsellorBundle, sid: Uint8Array, epoch: number, now: number,
    revocations?: Uint8Array, eH?: DhKeyPair): Result<HelpSeekerHandshake> {
    if (sid.length !== SESSION_ID_BYTES || !Number.isInteger(epoch) || epoch < 0 || epoch >= 2 ** 32) return fail('malformed');
    const verified = verifyBundle(root, bundle, now, revocations);
    if (!verified.ok) return verified;
    const params = { sid, epoch, identityKey: bundle.identityKey, shiftKey: bundle.shiftKey };
    return ok(new HelpSeekerHandshake(params, eH ?? generateDhKeyPair()));
  }

  /** Wipes e_H's secret without finishing (the page is leaving); finish() then fails with stream_closed. */
  abandon(): void {
    if (this.eH) wipe(this.eH);
    this.eH = undefined;
  }

  /**
   * Derives the keys from e_C and checks the confirmation in constant time. e_H's secret is
   * wiped either way; a second call fails. Errors: stream_closed, malformed, low_order_point, bad_confirmation.
   */
  finish(eC: Uint8Array, confirm: Uint8Array): Result<SessionKeys> {
    const eH = this.eH;
    if (!eH) return fail('stream_closed');
    this.eH = undefined;
    try {
      if (eC.length !== PUBLIC_KEY_BYTES || confirm.length !== 32) return fail('malformed');
      const dh1 = dh(eH.secretKey, eC);
      const dh2 = dh(eH.secretKey, this.params.shiftKey);
      if (!dh1 || !dh2) return fail('low_order_point');
      const keys = derive(transcriptHash(this.params, eH.publicKey, eC), dh1, dh2);
      if (!sodium.memcmp(keyConfirmation(keys), confirm)) {
        wipeSessionKeys(keys);
        return fail('bad_confirmation');
      }
      return ok(keys);
    } finally {
      wipe(eH);
    }
  }
}
