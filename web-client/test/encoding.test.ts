// Checks src/crypto/encoding.ts: round trips, the URL-safe alphabet, and rejection of bad input.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import sodium from 'libsodium-wrappers';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';

before(async () => {
  await sodium.ready;
});

test('round-trips every length from 0 to 70 bytes', () => {
  for (let length = 0; length <= 70; ++length) {
    const bytes = sodium.randombytes_buf(length);
    const text = toBase64Url(bytes);
    assert.match(text, /^[A-Za-z0-9_-]*$/);
    assert.equal(text.length, Math.ceil((length * 4) / 3));
    assert.deepEqual(fromBase64Url(text), bytes);
  }
});

test('uses the URL-safe alphabet without padding', () => {
  assert.equal(toBase64Url(new Uint8Array([0xfb, 0xff])), '-_8');
  assert.equal(toBase64Url(new Uint8Array([0xfb, 0xef, 0xbe])), '----');
  assert.equal(toBase64Url(new TextEncoder().encode('tillit')), 'dGlsbGl0');
  assert.deepEqual(fromBase64Url('-_8'), new Uint8Array([0xfb, 0xff]));
});

test('rejects padding, the standard alphabet, whitespace, stray characters and bad lengths', () => {
  for (const bad of ['-_8=', 'AA==', '+/8', 'ab!c', ' AAAA', 'AAAA\n', 'A', 'AAAAA', 'AB']) {
    assert.throws(() => fromBase64Url(bad), /not URL-safe unpadded base64/, JSON.stringify(bad));
  }
});
