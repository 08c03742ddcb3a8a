import type { FieldCode, FieldParams } from '../../core/error-codes.ts';
import { type FieldError, fieldError } from '../../core/errors.ts';
import type { FIELD_TYPES, PICKLISTS } from './schema.ts';

/** Pure rules of the customer file: built-in lists, birthdays, custom fields. */
export type Picklist = (typeof PICKLISTS)[number];

export const BUILTIN_PICKLISTS: Record<Picklist, { code: string; label: string; description: string | null }[]> = {
  grade: [
    { code: 'A', label: 'A', description: 'Key customer: high value, visit regularly' },
    { code: 'B', label: 'B', description: 'Important customer: good value, keep in touch' },
    { code: 'C', label: 'C', description: 'Ordinary customer' },
    { code: 'D', label: 'D', description: 'Low value or at risk' },
  ],
  source: ['walk_in', 'referral', 'advertising', 'exhibition', 'cold_visit', 'online', 'other'].map((code) => ({
    code,
    label: code,
    description: null,
  })),
  stage: ['stranger', 'acquaintance', 'relationship', 'customer', 'lost'].map((code) => ({
    code,
    label: code,
    description: null,
  })),
  industry: [],
};

export interface Birthday {
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
}

/** 'YYYY-MM-DD' or '--MM-DD' (year unknown) → parts; rejects impossible and future dates. */
export function parseBirthday(value: string | null | undefined, today: Date, path: string): Birthday | FieldError {
  if (!value) return { birthYear: null, birthMonth: null, birthDay: null };
  const m = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return fieldError(path, 'birthday_format');
  const year = m[1] === '-' ? null : Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const probe = new Date(Date.UTC(year ?? 2000, month - 1, day)); // 2000 is a leap year: --02-29 is allowed
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    return fieldError(path, 'not_a_date');
  if (year !== null) {
    if (probe.getTime() > today.getTime()) return fieldError(path, 'in_future');
    if (year < 1900) return fieldError(path, 'too_old');
  }
  return { birthYear: year, birthMonth: month, birthDay: day };
}

export function formatBirthday(b: Birthday): string | null {
  if (!b.birthMonth || !b.birthDay) return null;
  const mm = String(b.birthMonth).padStart(2, '0');
  const dd = String(b.birthDay).padStart(2, '0');
  return `${b.birthYear ?? '-'}-${mm}-${dd}`;
}

export interface FieldDef {
  key: string;
  type: (typeof FIELD_TYPES)[number];
  options: string[];
  required: boolean;
  archived: boolean;
}

/** Validates custom field values against the tenant's definitions; null/'' clears a value. */
export function validateCustom(
  values: Record<string, unknown>,
  defs: FieldDef[],
  opts: { requireAll: boolean },
): { value: Record<string, unknown>; errors: FieldError[] } {
  const byKey = new Map(defs.filter((d) => !d.archived).map((d) => [d.key, d]));
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(values)) {
    const path = `body.custom.${key}`;
    const def = byKey.get(key);
    if (!def) {
      errors.push(fieldError(path, 'unknown_custom_field'));
      continue;
    }
    if (v === null || v === '') {
      out[key] = null;
      continue;
    }
    const bad = (code: FieldCode, params?: FieldParams) => errors.push(fieldError(path, code, params));
    switch (def.type) {
      case 'text':
        if (typeof v !== 'string') bad('must_be_text');
        else if (v.length > 2000) bad('text_too_long', { max: 2000 });
        else out[key] = v;
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) bad('must_be_number');
        else out[key] = v;
        break;
      case 'date':
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) bad('must_be_date');
        else out[key] = v;
        break;
      case 'select':
        if (typeof v !== 'string' || !def.options.includes(v))
          bad('not_an_option', { allowed: def.options.join(', ') });
        else out[key] = v;
        break;
      case 'multiselect':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !def.options.includes(x)))
          bad('not_options', { allowed: def.options.join(', ') });
        else out[key] = [...new Set(v as string[])];
        break;
    }
  }
  if (opts.requireAll)
    for (const d of byKey.values())
      if (d.required && (out[d.key] === undefined || out[d.key] === null))
        errors.push(fieldError(`body.custom.${d.key}`, 'required'));
  return { value: out, errors };
}

/** Walking the referrer chain from the proposed referrer must not reach the customer itself. */
export function wouldCycle(customerId: string, referrerId: string, referrerOf: Map<string, string | null>): boolean {
  let cur: string | null | undefined = referrerId;
  for (let i = 0; cur && i < 10_000; i++) {
    if (cur === customerId) return true;
    cur = referrerOf.get(cur);
  }
  return false;
}
