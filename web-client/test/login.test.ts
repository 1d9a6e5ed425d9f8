// Checks src/crypto/login.ts against the C++ side's vectors (tests/vectors/login_v1.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { deriveLoginKeys } from '../src/crypto/login';
import { repoRoot } from './paths';

interface LoginCase { password: string; salt_hex: string; auth_hex: string; wrap_hex: string }
interface LoginVectors { opslimit: number; memlimit: number; kdf_context: string; cases: LoginCase[] }

const vectors = JSON.parse(
  readFileSync(join(repoRoot(), 'tests', 'vectors', 'login_v1.json'), 'utf8')) as LoginVectors;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

test('the vector file describes protocol version 1 parameters', () => {
  assert.equal(vectors.opslimit, 2);
  assert.equal(vectors.memlimit, 67108864);
  assert.equal(vectors.kdf_context, 'tillitlg');
  assert.ok(vectors.cases.length >= 3, 'expected at least three cases');
});

for (const [index, vector] of vectors.cases.entries()) {
  test(`reproduces auth and wrap of C++ case ${index} (${JSON.stringify(vector.password)})`, async () => {
    const keys = await deriveLoginKeys(vector.password, unhex(vector.salt_hex));
    assert.equal(hex(keys.auth), vector.auth_hex);
    assert.equal(hex(keys.wrap), vector.wrap_hex);
  });
}

test('a wrong password gives a different auth and wrap', async () => {
  const vector = vectors.cases[0]!;
  const keys = await deriveLoginKeys(`${vector.password}!`, unhex(vector.salt_hex));
  assert.notEqual(hex(keys.auth), vector.auth_hex);
  assert.notEqual(hex(keys.wrap), vector.wrap_hex);
});

test('a salt that is not 16 bytes is rejected with a clear error', async () => {
  for (const length of [0, 15, 17, 32]) {
    await assert.rejects(deriveLoginKeys('password', new Uint8Array(length)),
      (error: unknown) => error instanceof Error && /salt must be 16 bytes, got \d+/.test(error.message));
  }
});
