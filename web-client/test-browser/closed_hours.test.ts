// Outside opening hours the help-seeker who starts gets the closed screen with the operator's
// emergency numbers as tel: links, instead of a queue.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setUpBrowserTests, type EmergencyNumber } from './harness';
import { expectScreen, helpSeekerStart } from './flows';

const NUMBERS: EmergencyNumber[] = [
  { label: 'Polis', number: '112' },
  { label: 'Kvinnofridslinjen', number: '020-50 50 50' },
];
const fixture = setUpBrowserTests('closed_hours', { hours: 'closed', emergencyNumbers: NUMBERS });

const digits = (text: string) => text.replace(/[^0-9+]/g, '');

describe('closed hours', () => {
  for (const language of ['sv', 'ar'] as const) {
    test(`start shows the closed screen with the emergency numbers (${language})`, async () => {
      const { page } = await fixture.participant();
      assert.equal(await helpSeekerStart(page, language, 'support'), 'closed');
      await expectScreen(page, 'closed');
      assert.notEqual((await page.locator('#closed-reason').innerText()).trim(), '', '#closed-reason says why');

      const items = page.locator('ul#emergency-numbers > li');
      assert.equal(await items.count(), NUMBERS.length, 'one li per emergency number');
      for (const [i, { label, number }] of NUMBERS.entries()) {
        const item = items.nth(i);
        const text = await item.innerText();
        assert.ok(text.includes(label), `item ${i + 1} shows the label "${label}" (got "${text}")`);
        const link = item.locator('a[href^="tel:"]');
        assert.equal(await link.count(), 1, `item ${i + 1} has one tel: link`);
        const href = (await link.getAttribute('href')) ?? '';
        assert.equal(digits(decodeURIComponent(href.slice('tel:'.length))), digits(number), `tel: link of ${label}`);
        assert.equal(digits(await link.innerText()), digits(number), `the link of ${label} shows ${number}`);
      }
    });
  }
});
