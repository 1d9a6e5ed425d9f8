// Arabic turns the help-seeker page right to left: <html lang="ar" dir="rtl"> and the screens
// laid out rtl; the left-to-right languages set their own lang and ltr.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { setUpBrowserTests } from './harness';
import { chooseLanguage, openHelpSeeker, type Language } from './flows';

const fixture = setUpBrowserTests('rtl', { hours: 'open' });

async function direction(page: Page) {
  return page.evaluate(() => {
    const lane = document.querySelector('#screen-lane');
    return {
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      laneDirection: lane ? getComputedStyle(lane).direction : null,
      bodyDirection: getComputedStyle(document.body).direction,
    };
  });
}

describe('text direction follows the chosen language', () => {
  test('Arabic: lang ar, dir rtl, the lane screen laid out right to left', async () => {
    const { page } = await fixture.participant();
    await openHelpSeeker(page);
    await chooseLanguage(page, 'ar');
    assert.deepEqual(await direction(page), { lang: 'ar', dir: 'rtl', laneDirection: 'rtl', bodyDirection: 'rtl' });
  });

  for (const language of ['sv', 'en'] as Language[]) {
    test(`${language}: lang ${language}, dir ltr`, async () => {
      const { page } = await fixture.participant();
      await openHelpSeeker(page);
      await chooseLanguage(page, language);
      assert.deepEqual(await direction(page), { lang: language, dir: 'ltr', laneDirection: 'ltr', bodyDirection: 'ltr' });
    });
  }
});
