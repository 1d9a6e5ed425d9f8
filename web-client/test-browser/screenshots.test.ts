// Full-page screenshots of every page on a small phone (360×740) and a laptop (1280×800), saved in
// the artifacts folder for a human to look at; at 360 px nothing may scroll sideways.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { artifactPath, setUpBrowserTests } from './harness';
import { PAGES, helpSeekerStart, helpSeekerToLaneScreen, horizontalOverflow } from './flows';

const fixture = setUpBrowserTests('screenshots', {
  hours: 'open',
  emergencyNumbers: [{ label: 'Polis, ambulans', number: '112' }, { label: 'Kvinnofridslinjen', number: '020-50 50 50' }],
});

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Saves a full-page PNG as NAME (replacing an older one) and checks it was written. */
async function screenshot(page: Page, name: string): Promise<string> {
  const file = artifactPath(name);
  rmSync(file, { force: true }); // a file left by an earlier run must not pass for this one
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(statSync(file).size > PNG_SIGNATURE.length, `${file} is not empty`);
  assert.ok(readFileSync(file).subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE), `${file} is a PNG`);
  return file;
}

async function assertNoSidewaysScroll(page: Page, width: number, what: string): Promise<void> {
  if (width !== 360) return;
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.equal(innerWidth, 360, 'the viewport is 360 px wide');
  assert.ok(scrollWidth <= 360, `${what} at 360 px scrolls sideways (scrollWidth ${scrollWidth})`);
}

describe('screenshots', () => {
  for (const viewport of VIEWPORTS) {
    test(`each page at ${viewport.width}×${viewport.height}`, async () => {
      const { page } = await fixture.participant({ viewport });
      for (const { name, path } of PAGES) {
        await page.goto(path, { waitUntil: 'load' });
        await page.locator('main').waitFor({ state: 'attached' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        console.log(`screenshot: ${await screenshot(page, `${name}-${viewport.width}.png`)}`);
        await assertNoSidewaysScroll(page, viewport.width, name);
      }
    });

    // The help-seeker's other screens, in Swedish and in Arabic (right to left overflows differently).
    for (const language of ['sv', 'ar'] as const) {
      test(`help-seeker lane and closed screens (${language}) at ${viewport.width}×${viewport.height}`, async () => {
        const { page } = await fixture.participant({ viewport });
        await helpSeekerToLaneScreen(page, language);
        await screenshot(page, `help-seeker-${language}-lane-${viewport.width}.png`);
        await assertNoSidewaysScroll(page, viewport.width, `lane screen (${language})`);
        assert.equal(await helpSeekerStart(page, language, 'support'), 'closed');
        await screenshot(page, `help-seeker-${language}-closed-${viewport.width}.png`);
        await assertNoSidewaysScroll(page, viewport.width, `closed screen (${language})`);
      });
    }
  }
});
