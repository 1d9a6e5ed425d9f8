// Reads tests/vectors/protocol_v1.json (written by the C++ side) and rebuilds its scenario in TypeScript.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CounsellorBundle } from '../src/crypto/bundle';
import { decodeCertificate } from '../src/crypto/certificate';
import type { HandshakeParams } from '../src/crypto/handshake';
import { dhKeyPairFromSeed, signingKeyPairFromSeed, type DhKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import type { Result } from '../src/crypto/result';
import { repoRoot } from './paths';

export interface Frame { plaintext: string; final: boolean; ciphertext_hex: string }
export interface StreamVector { direction: string; direction_byte: number; header_hex: string; frames: Frame[] }

/* eslint-disable @typescript-eslint/naming-convention */
export interface CppVectors {
  now: number;
  root: { seed_hex: string; public_key_hex: string; fingerprint: string };
  identity: { seed_hex: string; public_key_hex: string; pseudonym: string; not_after: number; certificate_message_hex: string; certificate_hex: string };
  shift_key: { seed_hex: string; public_key_hex: string; not_after: number; message_hex: string; signature_hex: string };
  revocations: { issued_at: number; not_after: number; revoked_hex: string[]; blob_hex: string };
  handshake: Record<string, string | number> & { sid_hex: string; epoch: number; e_h_seed_hex: string; e_c_seed_hex: string;
    th_hex: string; dh_hex: string; root_hex: string; k_hc_hex: string; k_ch_hex: string; k_conf_hex: string; k_sas_hex: string;
    confirm_hex: string; sas: string; e_h_public_hex: string; e_c_public_hex: string };
  streams: StreamVector[];
  identity_wrap: { wrap_hex: string; blob_hex: string };
  negative: Record<string, string | number | string[]>;
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** The value of a Result the test expects to be fine; throws with the error code otherwise. */
export function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`unexpected crypto error: ${result.error}`);
  return result.value;
}

export function readVectorFile<T>(name: string): T {
  return JSON.parse(readFileSync(join(repoRoot(), 'tests', 'vectors', name), 'utf8')) as T;
}

export interface Scenario {
  v: CppVectors;
  root: SigningKeyPair;
  identity: SigningKeyPair;
  shift: DhKeyPair;
  bundle: CounsellorBundle;
  params: HandshakeParams;
  revocations: Uint8Array;
  eH: () => DhKeyPair;
  eC: () => DhKeyPair;
}

/** Needs libsodium ready. */
export function loadScenario(): Scenario {
  const v = readVectorFile<CppVectors>('protocol_v1.json');
  const identity = must(signingKeyPairFromSeed(unhex(v.identity.seed_hex)));
  const shift = must(dhKeyPairFromSeed(unhex(v.shift_key.seed_hex)));
  return {
    v,
    root: must(signingKeyPairFromSeed(unhex(v.root.seed_hex))),
    identity,
    shift,
    bundle: {
      identityKey: identity.publicKey,
      pseudonym: v.identity.pseudonym,
      certificate: must(decodeCertificate(unhex(v.identity.certificate_hex))),
      shiftKey: shift.publicKey,
      shiftNotAfter: v.shift_key.not_after,
      shiftSignature: unhex(v.shift_key.signature_hex),
    },
    params: { sid: unhex(v.handshake.sid_hex), epoch: v.handshake.epoch, identityKey: identity.publicKey, shiftKey: shift.publicKey },
    revocations: unhex(v.revocations.blob_hex),
    eH: () => must(dhKeyPairFromSeed(unhex(v.handshake.e_h_seed_hex))),
    eC: () => must(dhKeyPairFromSeed(unhex(v.handshake.e_c_seed_hex))),
  };
}
