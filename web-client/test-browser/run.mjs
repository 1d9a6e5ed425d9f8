// npm run test:browser: type-checks test-browser/, bundles test-browser/*.test.ts with esbuild into
// .test-browser-build/ and runs them with node --test, one file at a time (each file starts its own
// tillit-server, web client build and chromium; the test machine has two cores).
//
//   node test-browser/run.mjs [NAME...]   only the test files whose name contains one of NAME
//
// Environment (all optional):
//   TILLIT_ARTIFACTS_DIR   screenshots, and on failure the server's log and the pages' console
//                          (default: web-client/test-artifacts/, emptied first)
//   TILLIT_SERVER_BINARY, TILLIT_ADMIN_BINARY   (default: ../build/dev/server/tillit-server, tillit-admin)
//   TILLIT_CHROMIUM        (default: /usr/bin/chromium, from deploy/install-dependencies.sh --with-browser)
//   TILLIT_KEEP_TEMP=1     keep each test file's temporary data folder, build and server log
//   TILLIT_TEST_WEB_ROOT   serve this folder instead of a fresh build (to check the tests against a stand-in page)
// Exits non-zero on any failure.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..');
const outDir = join(root, '.test-browser-build');
const filters = process.argv.slice(2);

const artifacts = resolve(process.env.TILLIT_ARTIFACTS_DIR ?? join(root, 'test-artifacts'));
const server = resolve(process.env.TILLIT_SERVER_BINARY ?? join(repo, 'build/dev/server/tillit-server'));
const admin = resolve(process.env.TILLIT_ADMIN_BINARY ?? join(repo, 'build/dev/server/tillit-admin'));
const chromiumPath = process.env.TILLIT_CHROMIUM ?? '/usr/bin/chromium';

const missing = [];
for (const binary of [server, admin]) {
  if (!existsSync(binary)) missing.push(`${binary} (cmake --preset dev && cmake --build --preset dev --target tillit-server tillit-admin)`);
}
if (!existsSync(chromiumPath)) missing.push(`${chromiumPath} (deploy/install-dependencies.sh --with-browser)`);
if (missing.length > 0) {
  console.error(`test-browser/run.mjs: missing:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

const tests = readdirSync(join(root, 'test-browser'))
  .filter((name) => name.endsWith('.test.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();
if (tests.length === 0) {
  console.error(`test-browser/run.mjs: no test-browser/*.test.ts${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}

console.log('== browser tests: type-check');
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'test-browser', '--noEmit'],
  { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

rmSync(outDir, { recursive: true, force: true });
// Packages stay external: Node loads playwright-core and axe-core from node_modules/, the bundles
// being inside web-client/.
await build({
  absWorkingDir: root,
  entryPoints: tests.map((name) => `test-browser/${name}`),
  outdir: outDir,
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node18',
  logLevel: 'warning',
});

// The default folder is ours: empty it so that no screenshot or failure note of an earlier run
// passes for this one's. A folder given by TILLIT_ARTIFACTS_DIR is left as it is.
if (process.env.TILLIT_ARTIFACTS_DIR === undefined) rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
console.log(`== browser tests: server ${server}, chromium ${chromiumPath}`);
console.log(`   artifacts (screenshots, logs of failures) in ${artifacts}`);
// One file at a time, each in its own `node --test` (the same as --test-concurrency=1, which Node 18
// lacks); a failing file does not stop the others. --test-timeout exists from Node 20.11.
const [major, minor] = process.versions.node.split('.').map(Number);
const timeoutFlag = major > 20 || (major === 20 && minor >= 11) ? ['--test-timeout=300000'] : [];
const env = {
  ...process.env,
  TILLIT_ARTIFACTS_DIR: artifacts,
  TILLIT_SERVER_BINARY: server,
  TILLIT_ADMIN_BINARY: admin,
  TILLIT_CHROMIUM: chromiumPath,
};
const failed = [];
for (const name of tests) {
  console.log(`== ${name}`);
  const file = join(outDir, name.replace(/\.ts$/, '.js'));
  const run = spawnSync(process.execPath, ['--test', ...timeoutFlag, file], { cwd: root, stdio: 'inherit', env });
  if (run.status !== 0) failed.push(name);
}
console.log(failed.length === 0
  ? `browser tests: all ${tests.length} files passed; screenshots in ${artifacts}`
  : `browser tests: FAILED: ${failed.join(', ')}; screenshots and logs in ${artifacts}`);
process.exit(failed.length === 0 ? 0 : 1);
