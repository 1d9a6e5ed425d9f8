// The counsellor's keys: the identity key's first set-up and unwrapping, its certification as the
// console sees it (src/counsellor/key_setup.ts), and shift keys with the ring that wipes them.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { unwrapIdentityKey } from '../src/crypto/identity_wrap';
import { cryptoReady, generateSigningKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { verifyShiftKey } from '../src/crypto/shift_key';
import { certification, setUpIdentity } from '../src/counsellor/key_setup';
import { makeShiftKey, SHIFT_KEY_LIFETIME_SECONDS, ShiftKeyRing } from '../src/counsellor/shift_key';

const NOW = 1_800_000_000;
let root: SigningKeyPair;

before(async () => {
  await cryptoReady();
  root = generateSigningKeyPair();
});

const wrapKey = (fill: number) => new Uint8Array(32).fill(fill);
const isZero = (bytes: Uint8Array) => bytes.every((byte) => byte === 0);

describe('identity key set-up', () => {
  test('the first time, a new key is made and wrapped so that only wrap opens it', () => {
    const setup = setUpIdentity({ identityPublicKey: null, wrappedIdentityKey: null }, wrapKey(1));
    assert.equal(setup.kind, 'created');
    if (setup.kind !== 'created') return;
    assert.equal(setup.upload.type, 'identity_key');
    assert.equal(setup.upload.public, toBase64Url(setup.identity.publicKey));
    const blob = fromBase64Url(setup.upload.wrapped);
    const opened = unwrapIdentityKey(wrapKey(1), blob, setup.identity.publicKey);
    assert.ok(opened.ok);
    assert.deepEqual(opened.value.secretKey, setup.identity.secretKey);
    assert.deepEqual(unwrapIdentityKey(wrapKey(2), blob, setup.identity.publicKey), { ok: false, error: 'unwrap_failed' });
  });

  test('later, the stored key is unwrapped; a wrong password\'s wrap is unwrap_failed', () => {
    const first = setUpIdentity({ identityPublicKey: null, wrappedIdentityKey: null }, wrapKey(1));
    assert.ok(first.kind === 'created');
    const stored = { identityPublicKey: first.upload.public, wrappedIdentityKey: first.upload.wrapped };
    const again = setUpIdentity(stored, wrapKey(1));
    assert.equal(again.kind, 'unwrapped');
    if (again.kind === 'unwrapped') assert.deepEqual(again.identity.publicKey, first.identity.publicKey);
    assert.deepEqual(setUpIdentity(stored, wrapKey(9)), { kind: 'failed', error: 'unwrap_failed' });
  });

  test('a blob swapped for another key\'s is refused', () => {
    const mine = setUpIdentity({ identityPublicKey: null, wrappedIdentityKey: null }, wrapKey(1));
    const other = setUpIdentity({ identityPublicKey: null, wrappedIdentityKey: null }, wrapKey(1));
    assert.ok(mine.kind === 'created' && other.kind === 'created');
    const swapped = { identityPublicKey: mine.upload.public, wrappedIdentityKey: other.upload.wrapped };
    assert.deepEqual(setUpIdentity(swapped, wrapKey(1)), { kind: 'failed', error: 'unwrap_failed' });
    assert.deepEqual(setUpIdentity({ identityPublicKey: mine.upload.public, wrappedIdentityKey: null }, wrapKey(1)),
      { kind: 'failed', error: 'malformed' });
  });

  test('certification: none yet, valid, expired, or made by another root', () => {
    const identity = generateSigningKeyPair();
    const certify = (by: SigningKeyPair, notAfter: number) => {
      const cert = makeCertificate(by, identity.publicKey, 'anna', notAfter);
      assert.ok(cert.ok);
      return toBase64Url(encodeCertificate(cert.value));
    };
    assert.deepEqual(certification(null, identity.publicKey, 'anna', root.publicKey, NOW), { state: 'awaiting_certification' });
    assert.deepEqual(certification(certify(root, NOW + 10), identity.publicKey, 'anna', root.publicKey, NOW), { state: 'certified' });
    assert.deepEqual(certification(certify(root, NOW), identity.publicKey, 'anna', root.publicKey, NOW),
      { state: 'awaiting_certification', problem: 'expired' });
    assert.deepEqual(certification(certify(generateSigningKeyPair(), NOW + 10), identity.publicKey, 'anna', root.publicKey, NOW),
      { state: 'awaiting_certification', problem: 'invalid' });
    assert.deepEqual(certification(certify(root, NOW + 10), identity.publicKey, 'bertil', root.publicKey, NOW),
      { state: 'awaiting_certification', problem: 'invalid' }, 'a certificate is for one pseudonym');
    assert.deepEqual(certification('AAAA', identity.publicKey, 'anna', root.publicKey, NOW),
      { state: 'awaiting_certification', problem: 'invalid' });
  });
});

describe('shift keys', () => {
  test('signed by the identity key, valid 12 hours, but never past the session', () => {
    const identity = generateSigningKeyPair();
    const long = makeShiftKey(identity, NOW, NOW + 86400);
    assert.equal(long.notAfter, NOW + SHIFT_KEY_LIFETIME_SECONDS);
    assert.equal(long.field.not_after, long.notAfter);
    const signature = fromBase64Url(long.field.signature);
    assert.deepEqual(verifyShiftKey(identity.publicKey, fromBase64Url(long.field.public), long.notAfter, signature, NOW),
      { ok: true, value: undefined });
    const short = makeShiftKey(identity, NOW, NOW + 600);
    assert.equal(short.notAfter, NOW + 600, 'capped by the session\'s expires_at');
    assert.notDeepEqual(short.keys.publicKey, long.keys.publicKey, 'a fresh key each time');
  });

  test('the ring wipes a key once neither duty nor any chat uses it', () => {
    const identity = generateSigningKeyPair();
    const ring = new ShiftKeyRing();
    const first = makeShiftKey(identity, NOW, NOW + 86400);
    ring.setCurrent(first);
    ring.acquire(first);
    ring.acquire(first);
    const second = makeShiftKey(identity, NOW, NOW + 86400);
    ring.setCurrent(second);
    assert.ok(!isZero(first.keys.secretKey), 'two chats still use the old duty period\'s key');
    ring.release(first);
    assert.ok(!isZero(first.keys.secretKey));
    ring.release(first);
    assert.ok(isZero(first.keys.secretKey), 'wiped with its last chat');
    ring.retireCurrent();
    assert.ok(isZero(second.keys.secretKey), 'an unused key is wiped when duty ends');
    assert.equal(ring.current, undefined);
  });

  test('wipeAll wipes keys still in use (the session is over)', () => {
    const identity = generateSigningKeyPair();
    const ring = new ShiftKeyRing();
    const key = makeShiftKey(identity, NOW, NOW + 86400);
    ring.setCurrent(key);
    ring.acquire(key);
    ring.wipeAll();
    assert.ok(isZero(key.keys.secretKey));
  });
});
