import { getCountries } from 'libphonenumber-js';
import { z } from 'zod';

export const LOCALES = ['zh-CN', 'ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const currencies = new Set(Intl.supportedValuesOf('currency'));
const zones = new Set(Intl.supportedValuesOf('timeZone'));
const regions = new Set<string>(getCountries());

export const currencySchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine((s) => currencies.has(s), 'is not an ISO 4217 currency code');
export const timezoneSchema = z.string().refine((s) => zones.has(s) || s === 'UTC', 'is not an IANA time zone');
export const regionSchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine((s) => regions.has(s), 'is not a phone region (ISO 3166 alpha-2)');
export const localeSchema = z.enum(LOCALES);

/** Sensible defaults per language, so a Chinese or Japanese shop needs one choice, not four. */
export const DEFAULTS: Record<Locale, { currency: string; timezone: string; region: string }> = {
  'zh-CN': { currency: 'CNY', timezone: 'Asia/Shanghai', region: 'CN' },
  ja: { currency: 'JPY', timezone: 'Asia/Tokyo', region: 'JP' },
  en: { currency: 'USD', timezone: 'UTC', region: 'US' },
};

/** URL-safe tenant handle from a name; CJK names fall back to a random suffix. */
export function slugify(name: string, suffix: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base ? `${base}-${suffix}` : `t-${suffix}`;
}
