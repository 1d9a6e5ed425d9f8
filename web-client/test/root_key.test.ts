// The root public key build option: pinned into every bundle with its fingerprint for the footer,
// refused when malformed, and absent (fail closed) by default.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sodium from 'libsodium-wrappers';
import { toBase64Url } from '../src/crypto/encoding';
import { rootFingerprint } from '../src/crypto/fingerprint';
import { webClientRoot } from './paths';

let work = '';
before(async () => {
  await sodium.ready;
  work = mkdtempSync(join(tmpdir(), 'tillit-root-key-'));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const build = (outdir: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [join(webClientRoot(), 'build.mjs'), '--dev', '--outdir', outdir],
    { env: { ...process.env, TILLIT_ROOT_PUBLIC_KEY_FILE: '', ...env }, encoding: 'utf8' });

test('a root key file puts its fingerprint into every bundle', () => {
  const key = sodium.crypto_sign_keypair().publicKey;
  const file = join(work, 'root-key.pub');
  writeFileSync(file, `${toBase64Url(key)}\n`);
  const out = join(work, 'with-key');
  execFileSync(process.execPath, [join(webClientRoot(), 'build.mjs'), '--dev', '--outdir', out, '--root-public-key-file', file]);
  // (The key itself lands in a bundle once its page runs the handshake; the pages are placeholders still.)
  for (const bundle of ['help-seeker', 'counsellor', 'supervisor']) {
    assert.ok(readFileSync(join(out, `assets/${bundle}.js`), 'utf8').includes(rootFingerprint(key)), `fingerprint in ${bundle}.js`);
  }
});

test('the environment variable works too', () => {
  const key = sodium.crypto_sign_keypair().publicKey;
  const file = join(work, 'env.pub');
  writeFileSync(file, toBase64Url(key));
  const out = join(work, 'from-env');
  assert.equal(build(out, { TILLIT_ROOT_PUBLIC_KEY_FILE: file }).status, 0);
  assert.ok(readFileSync(join(out, 'assets/supervisor.js'), 'utf8').includes(rootFingerprint(key)));
});

test('a file that does not hold a 32-byte base64 key stops the build', () => {
  for (const [name, text] of [['short', 'abc'], ['padded', `${toBase64Url(new Uint8Array(32))}=`], ['hex', 'ab'.repeat(32)]]) {
    const file = join(work, `${name}.pub`);
    writeFileSync(file, text!);
    const result = build(join(work, `bad-${name}`), { TILLIT_ROOT_PUBLIC_KEY_FILE: file });
    assert.equal(result.status, 2, name);
    assert.match(result.stderr, /does not hold a base64/);
  }
  assert.equal(build(join(work, 'missing'), { TILLIT_ROOT_PUBLIC_KEY_FILE: join(work, 'nope.pub') }).status, 2);
});

test('without a key the bundle has no key and says so', () => {
  const out = join(work, 'without');
  const result = build(out);
  assert.equal(result.status, 0);
  assert.match(result.stderr, /no root public key/);
  const js = readFileSync(join(out, 'assets/help-seeker.js'), 'utf8');
  assert.match(js, /__TILLIT_ROOT_PUBLIC_KEY__|builtRootFingerprint|""/);
  assert.doesNotMatch(js, /([0-9a-f]{4} ){15}[0-9a-f]{4}/, 'no fingerprint');
});
