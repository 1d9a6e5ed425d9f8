// The staff pages' words (src/i18n/console/*.json): both languages complete and alike, the static
// HTML's texts known to them, the language choice, and the minutes:seconds of waits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { chooseConsoleLanguage, ConsoleText, fillIn } from '../src/i18n/i18n';
import { newPasswordProblem } from '../src/staff/login_view';
import { formatWait, waitDuration } from '../src/staff/wait_format';
import { webClientRoot } from './paths';

const read = (path: string) => readFileSync(join(webClientRoot(), path), 'utf8');
const sv = JSON.parse(read('src/i18n/console/sv.json')) as Record<string, unknown>;
const en = JSON.parse(read('src/i18n/console/en.json')) as Record<string, unknown>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console strings', () => {
  test('Swedish and English have the same keys, the same placeholders and no empty text', () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(sv).sort());
    for (const [key, value] of Object.entries(sv)) {
      if (typeof value !== 'string') continue;
      const english = en[key];
      assert.equal(typeof english, 'string', key);
      assert.deepEqual(placeholders(english as string), placeholders(value), `placeholders of ${key}`);
      assert.notEqual(value.trim(), '', `sv ${key}`);
      assert.notEqual((english as string).trim(), '', `en ${key}`);
    }
  });

  test('both languages have the same number of canned replies, each with a label and a text', () => {
    const svReplies = sv['canned.replies'] as { label: string; text: string }[];
    const enReplies = en['canned.replies'] as { label: string; text: string }[];
    assert.ok(svReplies.length >= 5);
    assert.equal(enReplies.length, svReplies.length);
    for (const reply of [...svReplies, ...enReplies]) {
      assert.ok(reply.label.trim() !== '' && reply.text.trim() !== '');
      assert.ok(reply.text.length <= 1000, 'fits in one message');
    }
  });

  for (const page of ['static/counsellor/index.html', 'static/supervisor/index.html']) {
    test(`every data-text of ${page} is a key, and its Swedish text is the HTML's`, () => {
      const html = read(page);
      const found = [...html.matchAll(/<(\w+)[^>]*\sdata-text="([^"]+)"[^>]*>([^<]*)</g)];
      assert.ok(found.length > 10);
      for (const [, , key = '', shown = ''] of found) {
        assert.equal(typeof sv[key], 'string', `${key} is in sv.json`);
        // An element the script fills by itself may be empty in the HTML.
        if (shown.trim() !== '') assert.equal(shown.trim().replace(/\s+/g, ' '), sv[key], `the HTML shows sv's ${key}`);
      }
    });
  }

  test('the language follows the browser, Swedish when it prefers neither', () => {
    assert.equal(chooseConsoleLanguage(['en-GB', 'sv']), 'en');
    assert.equal(chooseConsoleLanguage(['de-DE', 'sv-SE', 'en']), 'sv');
    assert.equal(chooseConsoleLanguage(['ar']), 'sv');
    assert.equal(chooseConsoleLanguage([]), 'sv');
  });

  test('placeholders are filled, unknown ones left', () => {
    assert.equal(fillIn('Chatt {number} av {all}', { number: 2 }), 'Chatt 2 av {all}');
    assert.equal(new ConsoleText('en').t('chat.title', { number: 3 }), 'Chat 3');
  });

  test('canned replies follow the help-seeker\'s language when there is one', () => {
    const text = new ConsoleText('sv');
    assert.equal(text.cannedReplies('en')[0]?.text, (en['canned.replies'] as { text: string }[])[0]?.text);
    assert.equal(text.cannedReplies('ar')[0]?.text, (sv['canned.replies'] as { text: string }[])[0]?.text);
  });
});

describe('waits and passwords', () => {
  test('waits are minutes:seconds', () => {
    assert.equal(formatWait(0), '0:00');
    assert.equal(formatWait(5), '0:05');
    assert.equal(formatWait(75), '1:15');
    assert.equal(formatWait(3725), '62:05');
    assert.equal(formatWait(-3), '0:00');
    assert.equal(formatWait(59.9), '0:59');
    assert.equal(waitDuration(75), 'PT75S');
  });

  test('a new password needs 12 characters and the same twice', () => {
    assert.equal(newPasswordProblem('short', 'short'), 'too_short');
    assert.equal(newPasswordProblem('long enough words', 'long enough word'), 'mismatch');
    assert.equal(newPasswordProblem('long enough words', 'long enough words'), undefined);
    assert.equal(newPasswordProblem('åäöåäöåäöåäö', 'åäöåäöåäöåäö'), undefined, 'characters, not bytes');
  });
});
