// Builds the client into a temporary folder and checks the pages obey the CSP and reference only built files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findPageProblems, referencedUrls } from './html_checks';
import { webClientRoot } from './paths';

const PAGES = ['index.html', 'counsellor/index.html', 'supervisor/index.html'];
const BUNDLES = ['assets/help-seeker.js', 'assets/counsellor.js', 'assets/supervisor.js', 'assets/app.css'];
// The name of a WebAssembly export that only libsodium's sumo build has (Argon2id).
const SUMO_MARKER = '_crypto_pwhash_alg_argon2id13';

let dist = '';

before(() => {
  dist = join(mkdtempSync(join(tmpdir(), 'tillit-pages-')), 'dist');
  execFileSync(process.execPath, [join(webClientRoot(), 'build.mjs'), '--outdir', dist], { stdio: 'inherit' });
});

after(() => {
  if (dist) rmSync(dirname(dist), { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]);
}

/** The built file a page reference points to, or undefined if it leaves dist/. */
function builtFileFor(page: string, reference: string): string | undefined {
  const path = reference.split(/[?#]/)[0] ?? '';
  const target = path.startsWith('/') ? join(dist, path) : resolve(dirname(page), path);
  const file = path.endsWith('/') ? join(target, 'index.html') : target;
  return relative(dist, file).startsWith('..') ? undefined : file;
}

describe('the built client', () => {
  test('has the three pages, three bundles and the stylesheet', () => {
    for (const file of [...PAGES, ...BUNDLES]) assert.ok(existsSync(join(dist, file)), `missing ${file}`);
  });

  test('every page obeys the CSP and has lang, dir and one <main>', () => {
    const pages = filesUnder(dist).filter((file) => file.endsWith('.html'));
    assert.equal(pages.length, PAGES.length);
    for (const page of pages) {
      assert.deepEqual(findPageProblems(readFileSync(page, 'utf8')), [], relative(dist, page));
    }
  });

  test('every page references only files that exist in dist/', () => {
    for (const page of PAGES.map((name) => join(dist, name))) {
      const references = referencedUrls(readFileSync(page, 'utf8'));
      assert.ok(references.length >= 2, `${page} should load a script and the stylesheet`);
      for (const reference of references) {
        const file = builtFileFor(page, reference);
        assert.ok(file && existsSync(file) && statSync(file).isFile(), `${relative(dist, page)}: ${reference} is not in dist/`);
      }
    }
  });

  test('the stylesheet loads nothing from elsewhere', () => {
    const css = readFileSync(join(dist, 'assets/app.css'), 'utf8');
    assert.doesNotMatch(css, /@import|url\s*\(|https?:|\/\//i);
  });

  test('the counsellor bundle contains libsodium sumo and the help-seeker bundle does not', () => {
    assert.ok(readFileSync(join(dist, 'assets/counsellor.js'), 'utf8').includes(SUMO_MARKER));
    assert.ok(!readFileSync(join(dist, 'assets/help-seeker.js'), 'utf8').includes(SUMO_MARKER));
  });
});

describe('the page checker itself', () => {
  const good = readFileSync(join(webClientRoot(), 'static', 'index.html'), 'utf8');
  const withHead = (extra: string) => good.replace('</head>', `${extra}</head>`);

  test('accepts the source help-seeker page', () => {
    assert.deepEqual(findPageProblems(good), []);
  });

  const broken: [string, string, RegExp][] = [
    ['inline script', withHead('<script>alert(1)</script>'), /inline script/],
    ['inline module script', withHead('<script type="module">go()</script>'), /inline script/],
    ['classic script', withHead('<script src="/assets/x.js"></script>'), /type="module"/],
    ['script from elsewhere', withHead('<script type="module" src="https://cdn.example/x.js"></script>'), /\/assets\//],
    ['style element', withHead('<style>p{}</style>'), /<style>/],
    ['style attribute', good.replace('<main>', '<main style="color:red">'), /style attribute/],
    ['event handler', good.replace('<main>', '<main onclick="go()">'), /event handler/],
    ['external stylesheet', withHead('<link rel="stylesheet" href="http://example.org/a.css">'), /http/],
    ['protocol-relative link', withHead('<link rel="icon" href="//example.org/a.ico">'), /another origin/],
    ['missing dir', good.replace(' dir="ltr"', ''), /without dir/],
    ['missing lang', good.replace(' lang="sv"', ''), /without lang/],
    ['missing main', good.replace(/main>/g, 'div>'), /<main>/],
  ];
  for (const [name, html, expected] of broken) {
    test(`rejects a page with ${name}`, () => {
      assert.match(findPageProblems(html).join('; '), expected);
    });
  }

  test('finds a reference to a file that is not there', () => {
    const page = join(dist, 'index.html');
    const missing = builtFileFor(page, '/assets/nothing.js');
    assert.ok(missing && !existsSync(missing));
    assert.equal(builtFileFor(page, '../../etc/passwd'), undefined);
  });
});
