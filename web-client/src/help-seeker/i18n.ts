// The help-seeker page's languages and their strings (src/i18n/help-seeker/*.json): lookup with
// {placeholders}, text direction, and the choice of a first language from the browser's wishes.
import ar from '../i18n/help-seeker/ar.json';
import en from '../i18n/help-seeker/en.json';
import sv from '../i18n/help-seeker/sv.json';

/** Swedish is the reference: every other file must have each of its keys (checked here by the compiler, and by a test). */
export type Strings = typeof sv;
export type StringKey = keyof Strings;

export const LANGUAGES = ['sv', 'en', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

const TABLES: Record<Language, Strings> = { sv, en, ar };

export const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

export const directionOf = (language: Language): 'ltr' | 'rtl' => (language === 'ar' ? 'rtl' : 'ltr');

export const stringsOf = (language: Language): Strings => TABLES[language];

/** The string `key` in `language`, each `{name}` replaced by `values[name]`. */
export function translate(language: Language, key: StringKey, values: Record<string, string | number> = {}): string {
  return TABLES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    (name in values ? String(values[name]) : whole));
}

/**
 * The language the page first speaks (on the language screen, before anyone has chosen): the first
 * of the browser's preferred languages that we have, else Swedish.
 */
export function initialLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isLanguage(base)) return base;
  }
  return 'sv';
}
