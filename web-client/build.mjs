// Builds the web client into dist/: three esbuild bundles under assets/ plus the static pages and CSS.
//
//   node build.mjs                  production build into dist/ (minified)
//   node build.mjs --dev            same, not minified
//   node build.mjs --outdir DIR     build somewhere else (the page tests use a temporary folder)
//
// Exits non-zero on any error. The output folder is emptied first so no stale file is served.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(fileURLToPath(import.meta.url));

// Entry point → bundle in dist/assets/. The console bundles need Argon2id, so they alias the
// small libsodium build to the sumo build: one libsodium per page, never two.
const sumo = { 'libsodium-wrappers': 'libsodium-wrappers-sumo' };
const bundles = [
  { entry: 'src/help-seeker/main.ts', out: 'help-seeker', alias: {} },
  { entry: 'src/counsellor/main.ts', out: 'counsellor', alias: sumo },
  { entry: 'src/supervisor/main.ts', out: 'supervisor', alias: sumo },
];

const { values: args } = parseArgs({
  options: { dev: { type: 'boolean', default: false }, outdir: { type: 'string', default: 'dist' } },
});
const outDir = resolve(process.cwd(), args.outdir);

// Emptying the output folder must never reach the sources: refuse web-client/ and its parents.
if (!relative(outDir, root).startsWith('..')) {
  console.error(`build.mjs: refusing to use ${outDir} as the output folder`);
  process.exit(2);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// The static tree already has the served layout: index.html, counsellor/, supervisor/, assets/.
cpSync(resolve(root, 'static'), outDir, { recursive: true });

await Promise.all(
  bundles.map(({ entry, out, alias }) =>
    build({
      absWorkingDir: root,
      entryPoints: { [out]: entry },
      outdir: resolve(outDir, 'assets'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      minify: !args.dev,
      sourcemap: false,
      alias,
      logLevel: 'warning',
    }),
  ),
);
