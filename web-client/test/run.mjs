// npm test: bundles test/*.test.ts with esbuild into .test-build/ and runs them with node --test.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.test-build');
const tests = readdirSync(join(root, 'test')).filter((name) => name.endsWith('.test.ts')).sort();
if (tests.length === 0) {
  console.error('test/run.mjs: no test/*.test.ts found');
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
// Packages stay external: Node loads them from node_modules/ as they are, .test-build/ being
// inside web-client/. The browser bundles themselves are built and checked by pages.test.ts.
await build({
  absWorkingDir: root,
  entryPoints: tests.map((name) => `test/${name}`),
  outdir: outDir,
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});

const files = tests.map((name) => join(outDir, name.replace(/\.ts$/, '.js')));
const run = spawnSync(process.execPath, ['--test', ...files], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
