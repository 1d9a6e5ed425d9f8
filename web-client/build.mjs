// Builds the web client into dist/: three esbuild bundles under assets/ plus the static pages and CSS
// (with uPlot's stylesheet for the supervisor's charts, copied from the pinned npm package).
//
//   node build.mjs                  production build into dist/ (minified)
//   node build.mjs --dev            same, not minified
//   node build.mjs --outdir DIR     build somewhere else (the page tests use a temporary folder)
//   node build.mjs --root-public-key-file FILE   (or TILLIT_ROOT_PUBLIC_KEY_FILE=FILE)
//                                   pins the centre's root public key O (the base64 line that
//                                   `tillit-admin root-key generate` prints and writes to *.pub).
//                                   Without it the bundle holds a placeholder and every
//                                   certificate check fails closed: no chat can start.
//   node build.mjs --quick-exit-url URL  (or TILLIT_QUICK_EXIT_URL=URL)
//                                   where the help-seeker page's quick exit goes (default
//                                   https://www.google.com/): a neutral site that replaces the page.
//
// Exits non-zero on any error. The output folder is emptied first so no stale file is served.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sodium from 'libsodium-wrappers';

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
  options: {
    dev: { type: 'boolean', default: false },
    outdir: { type: 'string', default: 'dist' },
    'root-public-key-file': { type: 'string' },
    'quick-exit-url': { type: 'string' },
  },
});
const outDir = resolve(process.cwd(), args.outdir);

// The root public key: 32 bytes as URL-safe unpadded base64 (43 characters). Never a default
// real key: without a file the bundle gets '' and src/crypto/root_key.ts refuses every certificate.
const rootKeyFile = args['root-public-key-file'] ?? process.env.TILLIT_ROOT_PUBLIC_KEY_FILE ?? '';
let rootPublicKey = '';
if (rootKeyFile !== '') {
  try {
    rootPublicKey = readFileSync(resolve(process.cwd(), rootKeyFile), 'utf8').trim();
  } catch (error) {
    console.error(`build.mjs: cannot read the root public key file ${rootKeyFile}: ${error.message}`);
    process.exit(2);
  }
  if (!/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(rootPublicKey)) {
    console.error(`build.mjs: ${rootKeyFile} does not hold a base64 (URL-safe, unpadded) 32-byte public key`);
    process.exit(2);
  }
}
// Its fingerprint, computed here so that a page footer shows it without loading libsodium (the
// supervisor page may not run WebAssembly): BLAKE2b-256 of the key, 16 groups of 4 hex digits,
// exactly as src/crypto/fingerprint.ts and tillit-admin compute it (test/root_key.test.ts checks).
let rootFingerprint = '';
if (rootPublicKey !== '') {
  await sodium.ready;
  const key = sodium.from_base64(rootPublicKey, sodium.base64_variants.URLSAFE_NO_PADDING);
  rootFingerprint = sodium.to_hex(sodium.crypto_generichash(32, key, null)).match(/.{4}/g).join(' ');
} else {
  console.warn('build.mjs: no root public key (TILLIT_ROOT_PUBLIC_KEY_FILE): every certificate check will fail, no chat can start');
}

// The quick exit's neutral site: an absolute http(s) URL, never this server (Back must not return here).
const quickExitUrl = args['quick-exit-url'] ?? process.env.TILLIT_QUICK_EXIT_URL ?? 'https://www.google.com/';
try {
  if (!['http:', 'https:'].includes(new URL(quickExitUrl).protocol)) throw new Error('not http(s)');
} catch {
  console.error(`build.mjs: the quick-exit URL ${quickExitUrl} is not an absolute http(s) URL`);
  process.exit(2);
}

// Emptying the output folder must never reach the sources: refuse web-client/ and its parents.
if (!relative(outDir, root).startsWith('..')) {
  console.error(`build.mjs: refusing to use ${outDir} as the output folder`);
  process.exit(2);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// The static tree already has the served layout: index.html, counsellor/, supervisor/, assets/.
cpSync(resolve(root, 'static'), outDir, { recursive: true });
// The charting library's own stylesheet, served as a file: the CSP allows no inline <style>.
cpSync(resolve(root, 'node_modules/uplot/dist/uPlot.min.css'), resolve(outDir, 'assets/uplot.css'));

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
      define: {
        __TILLIT_ROOT_PUBLIC_KEY__: JSON.stringify(rootPublicKey),
        __TILLIT_ROOT_FINGERPRINT__: JSON.stringify(rootFingerprint),
        __TILLIT_QUICK_EXIT_URL__: JSON.stringify(quickExitUrl),
      },
      logLevel: 'warning',
    }),
  ),
);
