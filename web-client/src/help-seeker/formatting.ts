// Numbers, durations and dates in the chosen language (Intl), and the operator's texts and phone
// numbers from the server's `closed` message made ready to show. Pure: no DOM.
import type { Language } from '../i18n/i18n';

// Latin digits in every language: the phone numbers and codes on the page use them too, and a
// mix of digit shapes on one screen is harder to read.
const locale = (language: Language): string => `${language}-u-nu-latn`;

/** A wait in whole minutes, rounded up (at least one), e.g. "5 minuter", "5 minutes", "5 دقائق". */
export function formatWait(language: Language, seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new Intl.NumberFormat(locale(language), { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
}

/** A plain integer with Latin digits. */
export const formatNumber = (language: Language, value: number): string =>
  new Intl.NumberFormat(locale(language), { useGrouping: false }).format(value);

/**
 * When the centre opens next, in the chosen language and the centre's own time zone (taken from
 * `next_opening_local`, e.g. "2026-11-24T08:00 Europe/Stockholm"). Falls back to the server's
 * text when the zone is unknown to this browser; '' when the server gave neither.
 */
export function formatNextOpening(language: Language, unixSeconds: number | null, localText: string | null): string {
  if (unixSeconds === null) return localText ?? '';
  const zone = localText?.split(' ')[1];
  try {
    return new Intl.DateTimeFormat(locale(language), {
      weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit',
      timeZone: zone, timeZoneName: 'short',
    }).format(new Date(unixSeconds * 1000));
  } catch {
    return localText ?? new Date(unixSeconds * 1000).toISOString();
  }
}

/** The operator's text for `language`, else Swedish, else any; with the language it is written in (for `lang`). */
export function operatorText(texts: Readonly<Record<string, string>>, language: Language):
{ text: string; language: string } | undefined {
  for (const candidate of [language, 'sv', ...Object.keys(texts)]) {
    const text = texts[candidate];
    if (typeof text === 'string' && text.trim() !== '') return { text, language: candidate };
  }
  return undefined;
}

/** A tel: link for a number as the operator wrote it ("020-50 50 50" → "tel:020505050"). */
export const telHref = (number: string): string => `tel:${number.replace(/[^0-9+*#]/g, '')}`;

/** A letter's hour or a reply-by time: date and clock time in the chosen language and this device's zone. */
export function formatLetterTime(language: Language, unixSeconds: number): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(unixSeconds * 1000));
}
