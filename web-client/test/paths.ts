// Locates web-client/ and the repository root from a test, whether run from its bundle or elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function isWebClient(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest) || !existsSync(join(dir, 'build.mjs'))) return false;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'tillit-web-client';
}

function searchUp(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (isWebClient(dir)) return dir;
    if (isWebClient(join(dir, 'web-client'))) return join(dir, 'web-client');
    if (dirname(dir) === dir) return undefined;
  }
}

/** web-client/, found upward from the running test file, then from the working directory. */
export function webClientRoot(): string {
  const found = searchUp(dirname(fileURLToPath(import.meta.url))) ?? searchUp(process.cwd());
  if (!found) throw new Error('cannot find web-client/ above the test file or the working directory');
  return found;
}

/** The repository root: the folder that holds web-client/, crypto/ and tests/. */
export function repoRoot(): string {
  return dirname(webClientRoot());
}
