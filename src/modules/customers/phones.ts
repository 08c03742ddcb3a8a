import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phones are kept as typed and normalized to E.164 with the tenant's default region; full-width digits and
 * Japanese/Chinese punctuation are accepted. The reversed digits let "any 4+ trailing digits" use a btree prefix.
 */
export function normalizePhone(value: string, region: string): { normalized: string; digitsReversed: string } | null {
  const text = value
    .normalize('NFKC')
    .replace(/[‐‑‒–—―ー－]/g, '-')
    .trim();
  if (!/^[+\d\s().\-/#*x]+$/i.test(text) || (text.match(/\d/g)?.length ?? 0) < 5) return null;
  const parsed = parsePhoneNumberFromString(text, region as CountryCode);
  if (!parsed?.isValid()) return null;
  const normalized = parsed.number;
  return { normalized, digitsReversed: reverseDigits(normalized) };
}

export function reverseDigits(s: string): string {
  return [...s.replace(/\D/g, '')].reverse().join('');
}

/** Digits of a query that looks like (part of) a phone number, or null. */
export function phoneDigits(q: string): string | null {
  const t = q.normalize('NFKC').trim();
  if (!/^[+\d\s().-]+$/.test(t)) return null;
  const d = t.replace(/\D/g, '');
  return d.length >= 4 ? d : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function normalizeEmail(value: string): string | null {
  const e = value.normalize('NFKC').trim().toLowerCase();
  return EMAIL.test(e) && e.length <= 254 ? e : null;
}
