// The staff pages' words: Swedish by default, English when the browser prefers it over Swedish
// (src/i18n/console/{sv,en}.json). Both files have the same keys; test/staff_strings.test.ts checks.
import en from '../i18n/console/en.json';
import sv from '../i18n/console/sv.json';

/** Every string of the two staff pages (the Swedish file is the reference shape). */
export type ConsoleStrings = typeof sv;
export type ConsoleLanguage = 'sv' | 'en';
/** Keys whose value is a plain string (not a list such as the canned replies). */
export type TextKey = { [K in keyof ConsoleStrings]: ConsoleStrings[K] extends string ? K : never }[keyof ConsoleStrings];
export interface CannedReply { label: string; text: string }

// Typed as ConsoleStrings: a key missing from en.json fails the type check.
const STRINGS: Record<ConsoleLanguage, ConsoleStrings> = { sv, en };

/** The first of the browser's languages that we have, else Swedish (the centre's language). */
export function chooseConsoleLanguage(preferred: readonly string[]): ConsoleLanguage {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'sv' || primary === 'en') return primary;
  }
  return 'sv';
}

/** Replaces each `{name}` with its value; unknown names stay as they are. */
export function fillIn(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The strings of one language, with lookups. */
export class ConsoleText {
  private readonly strings: ConsoleStrings;

  constructor(readonly language: ConsoleLanguage) {
    this.strings = STRINGS[language];
  }

  /** The text of `key`, with `{name}` placeholders filled in. */
  t(key: TextKey, values?: Readonly<Record<string, string | number>>): string {
    return fillIn(this.strings[key], values);
  }

  /** Whether `key` names a plain string (for keys read from the page's data-text attributes). */
  has(key: string): key is TextKey {
    return typeof (this.strings as Record<string, unknown>)[key] === 'string';
  }

  /**
   * Canned replies in the help-seeker's language when we have it (sv, en), else in the console's:
   * a reply the help-seeker can read is worth more than one in the counsellor's language.
   */
  cannedReplies(chatLanguage: string): readonly CannedReply[] {
    const language: ConsoleLanguage = chatLanguage === 'sv' || chatLanguage === 'en' ? chatLanguage : this.language;
    return STRINGS[language]['canned.replies'];
  }

  /** A language code as a name in the console's language ("ar" → "arabiska"), or the code itself. */
  languageName(code: string): string {
    try {
      return new Intl.DisplayNames([this.language], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** A unix time as the local clock time, hours to seconds. */
  clockTime(unixSeconds: number): string {
    return new Date(unixSeconds * 1000).toLocaleTimeString(this.language === 'sv' ? 'sv-SE' : 'en-GB',
      { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
}

/** The page's text as chosen from the browser's languages. */
export function consoleTextForBrowser(): ConsoleText {
  const preferred = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  return new ConsoleText(chooseConsoleLanguage(preferred.filter((tag): tag is string => typeof tag === 'string')));
}
