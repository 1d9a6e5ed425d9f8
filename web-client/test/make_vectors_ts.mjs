// Writes tests/vectors/protocol_v1_from_ts.json (test/ts_vectors.ts) and mailbox_v1_from_ts.json
// (test/mailbox_vectors.ts) with the TypeScript implementation:
//   node test/make_vectors_ts.mjs        (from web-client/; run after the C++ vectors change)
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Bundled inside web-client/ so Node resolves libsodium-wrappers from node_modules/.
const outDir = mkdtempSync(join(root, '.vectors-build-'));
try {
  const entry = join(outDir, 'entry.ts');
  writeFileSync(entry, `
    import sodium from 'libsodium-wrappers';
    import { buildTsVectors } from '${join(root, 'test', 'ts_vectors')}';
    import { buildMailboxVectors } from '${join(root, 'test', 'mailbox_vectors')}';
    import { loadScenario } from '${join(root, 'test', 'cpp_vectors')}';
    export async function run() { await sodium.ready; return buildTsVectors(loadScenario()); }
    export async function runMailbox() { await sodium.ready; return buildMailboxVectors(); }
  `);
  await build({ entryPoints: [entry], outfile: join(outDir, 'entry.mjs'), bundle: true, packages: 'external', format: 'esm',
    platform: 'node', target: 'node20', logLevel: 'warning' });
  const { run, runMailbox } = await import(pathToFileURL(join(outDir, 'entry.mjs')).href);
  for (const [name, make] of [['protocol_v1_from_ts.json', run], ['mailbox_v1_from_ts.json', runMailbox]]) {
    const output = join(root, '..', 'tests', 'vectors', name);
    writeFileSync(output, `${JSON.stringify(await make(), null, 2)}\n`);
    console.log(`wrote ${output}`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
