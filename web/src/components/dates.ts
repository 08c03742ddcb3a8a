/** Calendar dates that are not instants (birthdays), shown the locale's way: 1990年4月5日, 4月5日, April 5. */
export function birthdayText(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  const m = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const [, year, month, day] = m;
  const at = Date.UTC(year === '-' ? 2000 : Number(year), Number(month) - 1, Number(day));
  const opts: Intl.DateTimeFormatOptions =
    year === '-' ? { month: 'long', day: 'numeric', timeZone: 'UTC' } : { dateStyle: 'long', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, opts).format(at);
}

/** A whole number of days, rounded, with the locale's digits grouping (247.3 → 247). */
export const wholeDays = (days: number, locale: string) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(days));
