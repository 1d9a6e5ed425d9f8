// The one i18n module of the three pages: the string tables (help-seeker/{sv,en,ar}.json for the
// help-seeker page, console/{sv,en}.json for the staff pages; Swedish is each family's reference
// shape, so a key missing from another file fails the type check), lookup with {placeholders},
// the text direction, the first language from the browser's wishes, and filling a page's
// data-text / data-aria-label elements. Every user-visible string is in those files.
import consoleEn from './console/en.json';
import consoleSv from './console/sv.json';
import ar from './help-seeker/ar.json';
import en from './help-seeker/en.json';
import sv from './help-seeker/sv.json';

/** Placeholder values: each `{name}` in a string is replaced by `values[name]`. */
export type TextValues = Readonly<Record<string, string | number>>;

/** The keys of a table whose value is a plain string (not a list such as the canned replies). */
export type TextKeys<S> = { [K in keyof S]: S[K] extends string ? K : never }[keyof S] & string;

/** Replaces each `{name}` with its value; unknown names stay as they are. */
export function fillIn(template: string, values: TextValues = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The first of the browser's preferred languages (BCP 47 tags) that `available` has, else `fallback`. */
export function chooseLanguage<L extends string>(preferred: readonly string[], available: readonly L[], fallback: L): L {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if ((available as readonly string[]).includes(base)) return base as L;
  }
  return fallback;
}

/** The writing direction of a language we have: right-to-left for Arabic. */
export const directionOf = (language: string): 'ltr' | 'rtl' => (language === 'ar' ? 'rtl' : 'ltr');

/** One language's strings of one table, with lookups. */
export class Text<S extends object> {
  constructor(readonly language: string, readonly strings: S) {}

  /** The text of `key`, with `{name}` placeholders filled in. */
  t(key: TextKeys<S>, values?: TextValues): string {
    return fillIn(this.strings[key] as string, values);
  }

  /** Whether `key` names a plain string (for keys read from a page's data-text attributes). */
  has(key: string): key is TextKeys<S> {
    return typeof (this.strings as Record<string, unknown>)[key] === 'string';
  }
}

/** Fills a subtree (the document, or a cloned template): data-text="key" sets the text, data-aria-label="key" the aria-label. */
export function applyText<S extends object>(root: ParentNode, text: Text<S>): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-text]')) {
    const key = element.dataset.text ?? '';
    if (text.has(key)) element.textContent = text.t(key);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-aria-label]')) {
    const key = element.dataset.ariaLabel ?? '';
    if (text.has(key)) element.setAttribute('aria-label', text.t(key));
  }
}

/** Sets <html lang> and dir, the title, and every data-text of the document. */
export function applyDocumentText<S extends object>(text: Text<S>, titleKey: TextKeys<S>): void {
  document.documentElement.lang = text.language;
  document.documentElement.dir = directionOf(text.language);
  document.title = text.t(titleKey);
  applyText(document, text);
}

// ---- the help-seeker page --------------------------------------------------------------------

export type Strings = typeof sv;
export type StringKey = TextKeys<Strings>;

export const LANGUAGES = ['sv', 'en', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

const HELP_SEEKER_TABLES: Record<Language, Strings> = { sv, en, ar };

export const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

export const stringsOf = (language: Language): Strings => HELP_SEEKER_TABLES[language];

/** The help-seeker page's text in `language`. */
export const helpSeekerText = (language: Language): Text<Strings> => new Text(language, HELP_SEEKER_TABLES[language]);

/** The string `key` in `language`, each `{name}` replaced by `values[name]`. */
export function translate(language: Language, key: StringKey, values: TextValues = {}): string {
  return fillIn(HELP_SEEKER_TABLES[language][key], values);
}

/** The language the help-seeker page first speaks (before anyone has chosen): the browser's, else Swedish. */
export const initialLanguage = (preferred: readonly string[]): Language => chooseLanguage(preferred, LANGUAGES, 'sv');

// ---- the staff pages (counsellor console, supervisor dashboard) --------------------------------

/** Every string of the two staff pages (the Swedish file is the reference shape). */
export type ConsoleStrings = typeof consoleSv;
export type TextKey = TextKeys<ConsoleStrings>;
export const CONSOLE_LANGUAGES = ['sv', 'en'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];
export interface CannedReply { label: string; text: string }

// Typed as ConsoleStrings: a key missing from en.json fails the type check.
const CONSOLE_TABLES: Record<ConsoleLanguage, ConsoleStrings> = { sv: consoleSv, en: consoleEn };

/** The staff pages' language: the first of the browser's that we have, else Swedish (the centre's language). */
export const chooseConsoleLanguage = (preferred: readonly string[]): ConsoleLanguage =>
  chooseLanguage(preferred, CONSOLE_LANGUAGES, 'sv');

/** The staff pages' text, with what only they need: canned replies, language names, clock times. */
export class ConsoleText extends Text<ConsoleStrings> {
  constructor(override readonly language: ConsoleLanguage) {
    super(language, CONSOLE_TABLES[language]);
  }

  /**
   * Canned replies in the help-seeker's language when we have it (sv, en), else in the console's:
   * a reply the help-seeker can read is worth more than one in the counsellor's language.
   */
  cannedReplies(chatLanguage: string): readonly CannedReply[] {
    const language: ConsoleLanguage = chatLanguage === 'sv' || chatLanguage === 'en' ? chatLanguage : this.language;
    return CONSOLE_TABLES[language]['canned.replies'];
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

/** The browser's preferred languages, or none outside a browser. */
export function browserLanguages(): string[] {
  const preferred = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  return preferred.filter((tag): tag is string => typeof tag === 'string');
}

/** The staff page's text as chosen from the browser's languages. */
export const consoleTextForBrowser = (): ConsoleText => new ConsoleText(chooseConsoleLanguage(browserLanguages()));
