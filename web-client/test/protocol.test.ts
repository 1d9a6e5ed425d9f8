// The TypeScript protocol against the C++ side: reproduces every derivation of
// tests/vectors/protocol_v1.json, re-creates and decrypts its ciphertexts, runs every negative
// case, and checks that the committed protocol_v1_from_ts.json is what ts_vectors.ts builds.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import sodium from 'libsodium-wrappers';
import { certificateMessage, decodeCertificate, encodeCertificate, makeCertificate, verifyCertificate } from '../src/crypto/certificate';
import { verifyBundle, type CounsellorBundle } from '../src/crypto/bundle';
import { rootFingerprint } from '../src/crypto/fingerprint';
import { counsellorRespond, HelpSeekerHandshake, keyConfirmation, sasCode, transcriptHash, type SessionKeys } from '../src/crypto/handshake';
import { unwrapIdentityKey, wrapIdentityKey } from '../src/crypto/identity_wrap';
import { cryptoReady, generateDhKeyPair, generateSigningKeyPair } from '../src/crypto/keys';
import { openRevocationList, signRevocationList } from '../src/crypto/revocation_list';
import { shiftKeyMessage, signShiftKey } from '../src/crypto/shift_key';
import { pinnedRootKey } from '../src/crypto/root_key';
import { Direction, FRAME_OVERHEAD, MAX_FRAME_BYTES, MAX_PLAINTEXT_BYTES, PADDING_BLOCK, ReceivingStream, SendingStream,
  type Direction as DirectionValue } from '../src/crypto/stream';
import { hex, loadScenario, must, readVectorFile, unhex, type Scenario, type StreamVector } from './cpp_vectors';
import { buildTsVectors } from './ts_vectors';

let s: Scenario;
before(async () => {
  await cryptoReady();
  s = loadScenario();
});

const dirOf = (stream: StreamVector): DirectionValue =>
  stream.direction === 'help_seeker_to_counsellor' ? Direction.helpSeekerToCounsellor : Direction.counsellorToHelpSeeker;
const counsellorKeys = (): SessionKeys => must(counsellorRespond(s.params, s.shift, s.eH().publicKey, s.eC())).keys;
function helpSeekerKeys(): SessionKeys {
  const hs = must(HelpSeekerHandshake.start(s.root.publicKey, s.bundle, s.params.sid, s.params.epoch, s.v.now, s.revocations, s.eH()));
  const reply = must(counsellorRespond(s.params, s.shift, hs.ephemeralKey, s.eC()));
  return must(hs.finish(reply.eC, reply.confirm));
}
const neg = (name: string): string => s.v.negative[name] as string;
const c2h = () => s.v.streams[0]!;
const frame = (i: number) => unhex(c2h().frames[i]!.ciphertext_hex);
const helpSeekerRx = (keys: SessionKeys = helpSeekerKeys()) =>
  must(ReceivingStream.open(keys, Direction.counsellorToHelpSeeker, unhex(c2h().header_hex)));
const startError = (bundle: CounsellorBundle, now: number, revocations?: Uint8Array, root = s.root.publicKey) => {
  const r = HelpSeekerHandshake.start(root, bundle, s.params.sid, s.params.epoch, now, revocations, s.eH());
  return r.ok ? 'ok' : r.error;
};

function expectStreamDecrypts(keys: SessionKeys, stream: StreamVector): void {
  const rx = must(ReceivingStream.open(keys, dirOf(stream), unhex(stream.header_hex)));
  assert.equal(stream.direction_byte, dirOf(stream));
  for (const f of stream.frames) {
    const ciphertext = unhex(f.ciphertext_hex);
    assert.equal(ciphertext.length % PADDING_BLOCK, FRAME_OVERHEAD, 'padded to 256-byte blocks');
    const got = must(rx.pull(ciphertext));
    assert.equal(got.plaintext, f.plaintext);
    assert.equal(got.final, f.final);
  }
  assert.ok(rx.close().ok);
}

describe('C++ vectors reproduced in TypeScript', () => {
  test('keys from seeds and the root fingerprint', () => {
    assert.equal(hex(s.root.publicKey), s.v.root.public_key_hex);
    assert.equal(hex(s.identity.publicKey), s.v.identity.public_key_hex);
    assert.equal(hex(s.shift.publicKey), s.v.shift_key.public_key_hex);
    assert.equal(hex(s.eH().publicKey), s.v.handshake.e_h_public_hex);
    assert.equal(hex(s.eC().publicKey), s.v.handshake.e_c_public_hex);
    assert.equal(rootFingerprint(s.root.publicKey), s.v.root.fingerprint);
  });

  test('certificate message, signature and encoding', () => {
    const { identity: id } = s.v;
    assert.equal(hex(must(certificateMessage(s.identity.publicKey, id.pseudonym, id.not_after))), id.certificate_message_hex);
    const cert = must(makeCertificate(s.root, s.identity.publicKey, id.pseudonym, id.not_after));
    assert.equal(hex(encodeCertificate(cert)), id.certificate_hex);
    assert.ok(verifyCertificate(s.root.publicKey, s.identity.publicKey, id.pseudonym, s.bundle.certificate, s.v.now).ok);
  });

  test('shift key message and signature', () => {
    assert.equal(hex(shiftKeyMessage(s.shift.publicKey, s.v.shift_key.not_after)), s.v.shift_key.message_hex);
    assert.equal(hex(signShiftKey(s.identity, s.shift.publicKey, s.v.shift_key.not_after)), s.v.shift_key.signature_hex);
  });

  test('revocation list bytes and contents', () => {
    const r = s.v.revocations;
    const blob = must(signRevocationList(s.root, { issuedAt: r.issued_at, notAfter: r.not_after, revoked: r.revoked_hex.map(unhex) }));
    assert.equal(hex(blob), r.blob_hex);
    const list = must(openRevocationList(s.root.publicKey, s.revocations, s.v.now));
    assert.deepEqual(list.revoked.map(hex), r.revoked_hex);
  });

  test('transcript hash, dh, root, subkeys, confirmation and code on both sides', () => {
    const h = s.v.handshake;
    const eH = s.eH();
    const eC = s.eC();
    assert.equal(hex(transcriptHash(s.params, eH.publicKey, eC.publicKey)), h.th_hex);
    const dh = new Uint8Array([...sodium.crypto_scalarmult(eH.secretKey, eC.publicKey), ...sodium.crypto_scalarmult(eH.secretKey, s.shift.publicKey)]);
    assert.equal(hex(dh), h.dh_hex);
    assert.equal(hex(sodium.crypto_generichash(32, dh, unhex(h.th_hex))), h.root_hex);
    for (const keys of [counsellorKeys(), helpSeekerKeys()]) {
      assert.equal(hex(keys.th), h.th_hex);
      assert.equal(hex(keys.kHc), h.k_hc_hex);
      assert.equal(hex(keys.kCh), h.k_ch_hex);
      assert.equal(hex(keys.kConf), h.k_conf_hex);
      assert.equal(hex(keys.kSas), h.k_sas_hex);
      assert.equal(hex(keyConfirmation(keys)), h.confirm_hex);
      assert.equal(sasCode(keys), h.sas);
    }
  });

  test('streams re-create the C++ ciphertexts byte for byte', () => {
    const keys = counsellorKeys();
    for (const stream of s.v.streams) {
      const tx = must(SendingStream.openWithHeaderForVectors(keys, dirOf(stream), unhex(stream.header_hex)));
      for (const f of stream.frames) assert.equal(hex(must(f.final ? tx.pushFinal(f.plaintext) : tx.push(f.plaintext))), f.ciphertext_hex);
    }
  });

  test('the C++ ciphertexts decrypt on the receiving side', () => {
    const [counsellor, helpSeeker] = [counsellorKeys(), helpSeekerKeys()];
    for (const stream of s.v.streams) expectStreamDecrypts(dirOf(stream) === Direction.helpSeekerToCounsellor ? counsellor : helpSeeker, stream);
  });

  test('the C++-wrapped identity key unwraps', () => {
    const keys = must(unwrapIdentityKey(unhex(s.v.identity_wrap.wrap_hex), unhex(s.v.identity_wrap.blob_hex), s.identity.publicKey));
    assert.equal(hex(keys.publicKey), hex(s.identity.publicKey));
  });

  test('the committed protocol_v1_from_ts.json is what ts_vectors.ts builds (and it decrypts)', () => {
    const committed = readVectorFile<{ streams: StreamVector[] }>('protocol_v1_from_ts.json');
    assert.deepEqual(committed, JSON.parse(JSON.stringify(buildTsVectors(s))), 'run: node test/make_vectors_ts.mjs');
    const [counsellor, helpSeeker] = [counsellorKeys(), helpSeekerKeys()];
    for (const stream of committed.streams) expectStreamDecrypts(dirOf(stream) === Direction.helpSeekerToCounsellor ? counsellor : helpSeeker, stream);
  });
});

describe('negative cases', () => {
  test('the untouched bundle is accepted', () => {
    assert.equal(startError(s.bundle, s.v.now, s.revocations), 'ok');
  });
  test('bad certificate signature', () => {
    assert.equal(startError({ ...s.bundle, certificate: must(decodeCertificate(unhex(neg('bad_certificate_hex')))) }, s.v.now), 'bad_signature');
  });
  test('certificate for another pseudonym', () => {
    assert.equal(startError({ ...s.bundle, pseudonym: 'kurator.bert' }, s.v.now), 'bad_signature');
  });
  test('wrong root key', () => {
    assert.equal(startError(s.bundle, s.v.now, undefined, unhex(neg('wrong_root_public_key_hex'))), 'bad_signature');
  });
  test('no root key built in fails closed', () => {
    assert.equal(pinnedRootKey(), undefined, 'tests are built without TILLIT_ROOT_PUBLIC_KEY_FILE');
    const r = HelpSeekerHandshake.start(pinnedRootKey(), s.bundle, s.params.sid, s.params.epoch, s.v.now);
    assert.deepEqual(r, { ok: false, error: 'no_root_key' });
  });
  test('expired certificate', () => {
    const at = s.v.negative.expired_certificate_now as number;
    assert.equal(verifyCertificate(s.root.publicKey, s.identity.publicKey, s.bundle.pseudonym, s.bundle.certificate, at).ok, false);
    assert.ok(verifyCertificate(s.root.publicKey, s.identity.publicKey, s.bundle.pseudonym, s.bundle.certificate, at - 1).ok);
    assert.equal(startError(s.bundle, at), 'expired');
  });
  test('expired shift key', () => {
    const at = s.v.negative.expired_shift_key_now as number;
    assert.equal(startError(s.bundle, at, s.revocations), 'expired');
    assert.equal(startError(s.bundle, at - 1, s.revocations), 'ok');
  });
  test('revoked identity key', () => {
    assert.equal(startError(s.bundle, s.v.now, unhex(neg('revoking_list_blob_hex'))), 'revoked');
  });
  test('revocation list expired, from another root, altered or short', () => {
    assert.equal(startError(s.bundle, s.v.now, unhex(neg('expired_list_blob_hex'))), 'expired');
    assert.equal(startError(s.bundle, s.v.now, unhex(neg('list_by_other_root_blob_hex'))), 'bad_signature');
    const tampered = s.revocations.slice();
    tampered[30]! ^= 1;
    assert.equal(startError(s.bundle, s.v.now, tampered), 'bad_signature');
    assert.equal(startError(s.bundle, s.v.now, new Uint8Array(10)), 'malformed');
  });
  test('bad shift key signature', () => {
    assert.equal(startError({ ...s.bundle, shiftSignature: unhex(neg('bad_shift_signature_hex')) }, s.v.now), 'bad_signature');
    assert.equal(startError({ ...s.bundle, shiftKey: s.eC().publicKey }, s.v.now), 'bad_signature');
  });
  test('low-order e_H is refused by the counsellor', () => {
    for (const point of s.v.negative.low_order_points_hex as string[]) {
      assert.deepEqual(counsellorRespond(s.params, s.shift, unhex(point), s.eC()), { ok: false, error: 'low_order_point' }, point);
    }
  });
  test('low-order e_C is refused by the help-seeker', () => {
    for (const point of s.v.negative.low_order_points_hex as string[]) {
      const hs = must(HelpSeekerHandshake.start(s.root.publicKey, s.bundle, s.params.sid, s.params.epoch, s.v.now, s.revocations, s.eH()));
      assert.deepEqual(hs.finish(unhex(point), unhex(s.v.handshake.confirm_hex)), { ok: false, error: 'low_order_point' }, point);
    }
  });
  test('bad key confirmation, and one of another epoch', () => {
    const hs = must(HelpSeekerHandshake.start(s.root.publicKey, s.bundle, s.params.sid, s.params.epoch, s.v.now, s.revocations, s.eH()));
    assert.deepEqual(hs.finish(s.eC().publicKey, unhex(neg('bad_confirm_hex'))), { ok: false, error: 'bad_confirmation' });
    const next = must(HelpSeekerHandshake.start(s.root.publicKey, s.bundle, s.params.sid, s.params.epoch + 1, s.v.now, s.revocations, s.eH()));
    assert.deepEqual(next.finish(s.eC().publicKey, unhex(s.v.handshake.confirm_hex)), { ok: false, error: 'bad_confirmation' });
  });
  test('flipped bit in a ciphertext, after which the stream is dead', () => {
    const rx = helpSeekerRx();
    assert.deepEqual(rx.pull(unhex(neg('flipped_frame_hex'))), { ok: false, error: 'frame_rejected' });
    assert.deepEqual(rx.pull(frame(0)), { ok: false, error: 'stream_closed' });
  });
  test('frames are bound to the transcript hash and the direction byte', () => {
    const keys = helpSeekerKeys();
    const otherTh = { ...keys, th: keys.th.slice() };
    otherTh.th[0]! ^= 1;
    assert.deepEqual(helpSeekerRx(otherTh).pull(frame(0)), { ok: false, error: 'frame_rejected' });
    const swapped = { ...keys, kHc: keys.kCh };
    const wrongWay = must(ReceivingStream.open(swapped, Direction.helpSeekerToCounsellor, unhex(c2h().header_hex)));
    assert.deepEqual(wrongWay.pull(frame(0)), { ok: false, error: 'frame_rejected' });
  });
  test('replayed frame', () => {
    const rx = helpSeekerRx();
    assert.ok(rx.pull(frame(0)).ok);
    assert.deepEqual(rx.pull(frame(0)), { ok: false, error: 'frame_rejected' });
  });
  test('reordered frames', () => {
    assert.deepEqual(helpSeekerRx().pull(frame(1)), { ok: false, error: 'frame_rejected' });
  });
  test('dropped frame', () => {
    const rx = helpSeekerRx();
    assert.ok(rx.pull(frame(0)).ok);
    assert.deepEqual(rx.pull(frame(2)), { ok: false, error: 'frame_rejected' });
  });
  test('missing final tag is reported as truncation', () => {
    const keys = helpSeekerKeys();
    const count = c2h().frames.length;
    const rx = helpSeekerRx(keys);
    for (let i = 0; i + 1 < count; i += 1) assert.equal(must(rx.pull(frame(i))).final, false);
    assert.deepEqual(rx.close(), { ok: false, error: 'truncated' });
    const complete = helpSeekerRx(keys);
    for (let i = 0; i < count; i += 1) must(complete.pull(frame(i)));
    assert.ok(complete.close().ok);
    assert.deepEqual(complete.pull(frame(0)), { ok: false, error: 'stream_closed' });
  });
  test('wrong padding', () => {
    for (const name of ['unpadded_frame_hex', 'bad_pad_block_frame_hex']) {
      assert.deepEqual(helpSeekerRx().pull(unhex(neg(name))), { ok: false, error: 'bad_padding' }, name);
    }
  });
  test('a frame without REKEY or FINAL is refused', () => {
    const keys = helpSeekerKeys();
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(unhex(c2h().header_hex), keys.kCh);
    const ad = new Uint8Array([...keys.th, Direction.counsellorToHelpSeeker]);
    const raw = sodium.crypto_secretstream_xchacha20poly1305_push(state, sodium.pad(new TextEncoder().encode('{}'), 256), ad,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    assert.deepEqual(helpSeekerRx(keys).pull(raw), { ok: false, error: 'frame_rejected' });
  });
  test('oversized and undersized frames', () => {
    assert.deepEqual(helpSeekerRx().pull(new Uint8Array(MAX_FRAME_BYTES + 1)), { ok: false, error: 'too_large' });
    assert.deepEqual(helpSeekerRx().pull(new Uint8Array(FRAME_OVERHEAD - 1)), { ok: false, error: 'frame_rejected' });
  });
});

describe('round trip with fresh keys', () => {
  test('handshake, messages both ways, limits, orderly end, new epoch', () => {
    const root = generateSigningKeyPair();
    const identity = generateSigningKeyPair();
    const shift = generateDhKeyPair();
    const now = 1_800_000_000;
    const bundle: CounsellorBundle = {
      identityKey: identity.publicKey, pseudonym: 'kurator.sara',
      certificate: must(makeCertificate(root, identity.publicKey, 'kurator.sara', now + 86400)),
      shiftKey: shift.publicKey, shiftNotAfter: now + 3600, shiftSignature: signShiftKey(identity, shift.publicKey, now + 3600),
    };
    assert.ok(verifyBundle(root.publicKey, bundle, now).ok);
    const sid = sodium.randombytes_buf(16);
    const run = (epoch: number) => {
      const hs = must(HelpSeekerHandshake.start(root.publicKey, bundle, sid, epoch, now));
      const reply = must(counsellorRespond({ sid, epoch, identityKey: identity.publicKey, shiftKey: shift.publicKey }, shift, hs.ephemeralKey));
      return { h: must(hs.finish(reply.eC, reply.confirm)), c: reply.keys };
    };
    const { h, c } = run(0);
    assert.equal(sasCode(h), sasCode(c));
    assert.match(sasCode(h), /^\d{6}$/);
    const tx = SendingStream.open(h, Direction.helpSeekerToCounsellor);
    const rx = must(ReceivingStream.open(c, Direction.helpSeekerToCounsellor, tx.header));
    const longest = 'z'.repeat(MAX_PLAINTEXT_BYTES);
    for (const text of ['{"type":"message","text":"hej"}', '', longest]) assert.equal(must(rx.pull(must(tx.push(text)))).plaintext, text);
    assert.deepEqual(tx.push(`${longest}z`), { ok: false, error: 'too_large' });
    const short = must(tx.push('a'));
    const longer = must(tx.push('b'.repeat(200)));
    assert.equal(short.length, longer.length, 'lengths within a block look alike');
    assert.equal(must(rx.pull(short)).plaintext, 'a');
    assert.equal(must(rx.pull(longer)).plaintext, 'b'.repeat(200));
    const end = must(tx.pushFinal('{"type":"end"}'));
    assert.deepEqual(tx.push('{}'), { ok: false, error: 'stream_closed' });
    assert.equal(must(rx.pull(end)).final, true);
    assert.ok(rx.close().ok);
    // A new epoch: other keys, and the old epoch's frames do not open.
    const next = run(1);
    assert.notEqual(hex(next.h.th), hex(h.th));
    const old = SendingStream.open(c, Direction.counsellorToHelpSeeker);
    const newRx = must(ReceivingStream.open(next.h, Direction.counsellorToHelpSeeker, old.header));
    assert.deepEqual(newRx.pull(must(old.push('{}'))), { ok: false, error: 'frame_rejected' });
  });

  test('identity key wrapping', () => {
    const ik = generateSigningKeyPair();
    const wrap = new Uint8Array(32).fill(0x42);
    const blob = must(wrapIdentityKey(wrap, ik));
    assert.equal(hex(must(unwrapIdentityKey(wrap, blob, ik.publicKey)).publicKey), hex(ik.publicKey));
    assert.deepEqual(unwrapIdentityKey(new Uint8Array(32).fill(0x43), blob, ik.publicKey), { ok: false, error: 'unwrap_failed' });
    assert.deepEqual(unwrapIdentityKey(wrap, blob, generateSigningKeyPair().publicKey), { ok: false, error: 'unwrap_failed' });
    assert.deepEqual(unwrapIdentityKey(wrap, new Uint8Array(10), ik.publicKey), { ok: false, error: 'malformed' });
  });
});
