// The help-seeker page's words and small pure helpers: the three translation files say the same
// things (every key, the same placeholders, real Arabic), the page's data-text keys exist, the
// formatting of waits, dates and phone numbers, and the quick-exit keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ar from '../src/i18n/help-seeker/ar.json';
import en from '../src/i18n/help-seeker/en.json';
import sv from '../src/i18n/help-seeker/sv.json';
import { formatNextOpening, formatNumber, formatWait, operatorText, telHref } from '../src/help-seeker/formatting';
import { directionOf, initialLanguage, translate } from '../src/i18n/i18n';
import { QuickExitKeys } from '../src/help-seeker/quick_exit';
import { webClientRoot } from './paths';

const FILES = { sv, en, ar } as Record<string, Record<string, string>>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('help-seeker translations', () => {
  test('sv, en and ar have the same keys, none empty, with the same placeholders', () => {
    const keys = Object.keys(sv).sort();
    for (const [language, strings] of Object.entries(FILES)) {
      assert.deepEqual(Object.keys(strings).sort(), keys, `${language}.json has exactly the keys of sv.json`);
      for (const key of keys) {
        const text = strings[key]!;
        assert.ok(text.trim() !== '', `${language}: ${key} is empty`);
        assert.deepEqual(placeholders(text), placeholders((sv as Record<string, string>)[key]!), `${language}: ${key} placeholders`);
      }
    }
  });

  test('the Arabic file is written in Arabic (apart from names and keys)', () => {
    const latinOnly = Object.entries(ar).filter(([, text]) => !/[\u0600-\u06FF]/.test(text)).map(([key]) => key);
    // The name (also the tab's title, kept neutral on a shared phone) and a dash.
    assert.deepEqual(latinOnly, ['page.title', 'header.name', 'waiting.positionUnknown']);
  });

  test('every data-text key of static/index.html is in the files', () => {
    const html = readFileSync(join(webClientRoot(), 'static', 'index.html'), 'utf8');
    const used = [...html.matchAll(/data-text="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(used.length > 40);
    for (const key of used) assert.ok(key in sv, `${key} is used by the page but missing`);
  });

  test('placeholders are filled, direction follows the language, the first language follows the browser', () => {
    assert.equal(translate('en', 'waiting.positionAnnouncement', { position: 3 }), 'You are number 3 in the queue.');
    assert.equal(directionOf('ar'), 'rtl');
    assert.equal(directionOf('sv'), 'ltr');
    assert.equal(initialLanguage(['ar-SE', 'sv']), 'ar');
    assert.equal(initialLanguage(['de-DE', 'en-GB']), 'en');
    assert.equal(initialLanguage(['fi']), 'sv');
    assert.equal(initialLanguage([]), 'sv');
  });
});

describe('help-seeker formatting', () => {
  test('waits in whole minutes, rounded up, in each language with Latin digits', () => {
    assert.equal(formatWait('en', 30), '1 minute');
    assert.equal(formatWait('en', 290), '5 minutes');
    assert.equal(formatWait('sv', 290), '5 minuter');
    assert.match(formatWait('ar', 290), /^5 دقائق$/);
    assert.equal(formatNumber('ar', 12), '12');
  });

  test('the next opening in the centre\'s time zone and the chosen language; the server\'s text as a fallback', () => {
    const tuesday8 = Date.UTC(2026, 10, 24, 7, 0) / 1000; // 08:00 in Stockholm (CET)
    const local = '2026-11-24T08:00 Europe/Stockholm';
    const swedish = formatNextOpening('sv', tuesday8, local);
    assert.match(swedish, /tisdag/);
    assert.match(swedish, /24 november/);
    assert.match(swedish, /08[:.]00/);
    assert.match(formatNextOpening('en', tuesday8, local), /Tuesday.*24.*November|Tuesday.*November.*24/);
    assert.match(formatNextOpening('ar', tuesday8, local), /الثلاثاء/);
    assert.equal(formatNextOpening('sv', tuesday8, '2026-11-24T08:00 Not/AZone'), '2026-11-24T08:00 Not/AZone');
    assert.equal(formatNextOpening('sv', null, null), '');
  });

  test('the operator\'s text: the chosen language, else Swedish, else any', () => {
    assert.deepEqual(operatorText({ sv: 'Stängt', ar: 'مغلق' }, 'ar'), { text: 'مغلق', language: 'ar' });
    assert.deepEqual(operatorText({ sv: 'Stängt', ar: 'مغلق' }, 'en'), { text: 'Stängt', language: 'sv' });
    assert.deepEqual(operatorText({ fi: 'Suljettu' }, 'en'), { text: 'Suljettu', language: 'fi' });
    assert.equal(operatorText({ en: '  ' }, 'en'), undefined);
    assert.equal(operatorText({}, 'sv'), undefined);
  });

  test('tel: links keep only what a phone dials', () => {
    assert.equal(telHref('020-50 50 50'), 'tel:020505050');
    assert.equal(telHref('+46 (0)8 123'), 'tel:+4608123');
  });
});

describe('quick exit keys', () => {
  test('Escape twice within 1.5 s, Shift three times in a row', () => {
    const keys = new QuickExitKeys();
    assert.equal(keys.press('Escape', 0), false);
    assert.equal(keys.press('Escape', 1000), true);
    assert.equal(keys.press('Shift', 5000), false);
    assert.equal(keys.press('Shift', 5300), false);
    assert.equal(keys.press('Shift', 5600), true);
  });

  test('too slow, or another key in between, starts over: typing capitals never exits', () => {
    const keys = new QuickExitKeys();
    assert.equal(keys.press('Escape', 0), false);
    assert.equal(keys.press('Escape', 1600), false, 'too slow: this is a first press');
    assert.equal(keys.press('Escape', 2000), true);
    for (const [i, key] of ['Shift', 'H', 'Shift', 'A', 'Shift', 'J'].entries()) {
      assert.equal(keys.press(key, 10_000 + i * 100), false, `${key} while typing`);
    }
    assert.equal(keys.press('Escape', 20_000), false);
    assert.equal(keys.press('Shift', 20_100), false);
    assert.equal(keys.press('Escape', 20_200), false, 'Escape, Shift, Escape is not twice Escape');
  });
});
