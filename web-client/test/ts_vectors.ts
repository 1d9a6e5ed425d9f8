// Builds tests/vectors/protocol_v1_from_ts.json: the C++ scenario's keys, derived and encrypted by
// the TypeScript side with its own fixed headers and plaintexts, so the C++ tests can decrypt them.
// Deterministic: protocol.test.ts checks the committed file equals what this builds.
import sodium from 'libsodium-wrappers';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { rootFingerprint } from '../src/crypto/fingerprint';
import { counsellorRespond, keyConfirmation, sasCode, type SessionKeys } from '../src/crypto/handshake';
import { seedOf } from '../src/crypto/keys';
import { signRevocationList } from '../src/crypto/revocation_list';
import { signShiftKey } from '../src/crypto/shift_key';
import { Direction, SendingStream, type Direction as DirectionValue } from '../src/crypto/stream';
import { hex, must, unhex, type Scenario } from './cpp_vectors';

const fixed = (first: number, length: number) => Uint8Array.from({ length }, (_, i) => (first + i) % 256);

function stream(keys: SessionKeys, dir: DirectionValue, header: Uint8Array, messages: string[]) {
  const tx = must(SendingStream.openWithHeaderForVectors(keys, dir, header));
  return {
    direction: dir === Direction.helpSeekerToCounsellor ? 'help_seeker_to_counsellor' : 'counsellor_to_help_seeker',
    direction_byte: dir,
    header_hex: hex(header),
    frames: messages.map((plaintext, i) => {
      const final = i === messages.length - 1;
      return { plaintext, final, ciphertext_hex: hex(must(final ? tx.pushFinal(plaintext) : tx.push(plaintext))) };
    }),
  };
}

/** Needs libsodium ready. */
export function buildTsVectors(s: Scenario): object {
  const { v } = s;
  const keys = must(counsellorRespond(s.params, s.shift, s.eH().publicKey, s.eC())).keys;
  const wrap = fixed(0x33, 32);
  const nonce = fixed(0x90, 24);
  const seed = seedOf(s.identity);
  const wrapped = new Uint8Array([...nonce, ...sodium.crypto_secretbox_easy(seed, nonce, wrap)]);
  return {
    description: 'Written by web-client/test/make_vectors_ts.mjs (test/ts_vectors.ts) from the seeds of protocol_v1.json; '
      + 'the C++ tests (tests/crypto/protocol_vectors_test.cpp) check the derivations and decrypt the streams.',
    version: 1,
    root_fingerprint: rootFingerprint(s.root.publicKey),
    certificate_hex: hex(encodeCertificate(must(makeCertificate(s.root, s.identity.publicKey, v.identity.pseudonym, v.identity.not_after)))),
    shift_signature_hex: hex(signShiftKey(s.identity, s.shift.publicKey, v.shift_key.not_after)),
    revocations_blob_hex: hex(must(signRevocationList(s.root, {
      issuedAt: v.revocations.issued_at, notAfter: v.revocations.not_after, revoked: v.revocations.revoked_hex.map(unhex),
    }))),
    handshake: {
      th_hex: hex(keys.th), k_hc_hex: hex(keys.kHc), k_ch_hex: hex(keys.kCh), confirm_hex: hex(keyConfirmation(keys)), sas: sasCode(keys),
    },
    streams: [
      stream(keys, Direction.helpSeekerToCounsellor, fixed(0xd0, 24), [
        '{"type":"sync","received":0}',
        '{"type":"message","n":1,"seen":0,"text":"Jag är 15 och rädd att bli bortgift i sommar."}',
        '{"type":"typing"}',
        `{"type":"message","n":2,"seen":1,"text":"${'ö'.repeat(700)}"}`,
        '{"type":"end"}',
      ]),
      stream(keys, Direction.counsellorToHelpSeeker, fixed(0xe0, 24), [
        '{"type":"sync","received":0}',
        '{"type":"message","n":1,"seen":1,"text":"Tack för att du skriver. Du är inte ensam."}',
        '{"type":"end"}',
      ]),
    ],
    identity_wrap: { wrap_hex: hex(wrap), blob_hex: hex(wrapped) },
  };
}
