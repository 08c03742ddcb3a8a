/** Dates, numbers and money by the UI language and the business currency. */
/** Digits after the decimal point in a currency's major unit (2 for CNY, 0 for JPY). */
export const minorDigits = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function money(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(toMajor(minor, currency));
}

export const toMajor = (minor: number, currency: string) => minor / 10 ** minorDigits(currency);

export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

export function date(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(value));
}

export function dateTime(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value));
}

export const number = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);

/** How date pickers show a date: the locale's own form on CJK screens (2026年5月3日), never ISO there. */
export const dateFormat = (locale: string) => (/^(zh|ja)/.test(locale) ? 'YYYY年M月D日' : 'MMM D, YYYY');
export const dateTimeFormat = (locale: string) => `${dateFormat(locale)} HH:mm`;
