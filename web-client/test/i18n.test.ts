// The one i18n module (src/i18n/i18n.ts) serving both page families: the same lookup, placeholder
// filling and language choice for the help-seeker's three languages and the staff pages' two.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  chooseLanguage, CONSOLE_LANGUAGES, ConsoleText, directionOf, fillIn, helpSeekerText, LANGUAGES, translate,
} from '../src/i18n/i18n';

describe('the one i18n module', () => {
  test('both families look up and fill placeholders the same way', () => {
    assert.equal(helpSeekerText('en').t('waiting.estimate', { duration: '5 min' }), translate('en', 'waiting.estimate', { duration: '5 min' }));
    assert.ok(helpSeekerText('ar').t('waiting.estimate', { duration: 'X' }).includes('X'));
    const console = new ConsoleText('en');
    assert.equal(console.t('chat.ended', { reason: 'R' }), fillIn(console.strings['chat.ended'], { reason: 'R' }));
    assert.ok(console.t('chat.ended', { reason: 'R' }).includes('R'));
    assert.equal(fillIn('{a} and {b}', { a: 1 }), '1 and {b}', 'an unknown name stays as it is');
  });

  test('only plain strings are keys of the page text (not the canned replies list)', () => {
    const console = new ConsoleText('sv');
    assert.equal(console.has('canned.replies'), false);
    assert.equal(console.has('counsellor.title'), true);
    assert.equal(console.has('no.such.key'), false);
    assert.equal(helpSeekerText('sv').has('page.title'), true);
  });

  test('the language comes from the browser\'s list, for each family its own languages', () => {
    assert.equal(chooseLanguage(['ar-EG', 'en'], LANGUAGES, 'sv'), 'ar');
    assert.equal(chooseLanguage(['ar-EG', 'en'], CONSOLE_LANGUAGES, 'sv'), 'en', 'the staff pages have no Arabic');
    assert.equal(chooseLanguage(['de'], LANGUAGES, 'sv'), 'sv');
    assert.equal(directionOf('ar'), 'rtl');
    assert.equal(directionOf('sv'), 'ltr');
    assert.equal(directionOf('en'), 'ltr');
  });
});
