// Puts the chosen language's strings into the static page: every element with data-i18n="key"
// gets that string as its text, and <html> gets lang, dir and the title.
import { showRootFingerprint } from '../../footer';
import { directionOf, stringsOf, type Language, type StringKey } from '../i18n';

export function applyLanguage(language: Language): void {
  const strings = stringsOf(language);
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n as StringKey;
    if (key in strings) element.textContent = strings[key];
  }
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
  document.title = strings['page.title'];
  showRootFingerprint({ rootFingerprint: strings['footer.rootFingerprint'], noRootKey: strings['footer.noRootKey'] });
}
