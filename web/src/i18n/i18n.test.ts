import { describe, expect, it } from 'vitest';
import { FIELD_CODES, PROBLEM_CODES } from '../../../src/core/error-codes.ts';
import en from './en.json';
import ja from './ja.json';
import zhCN from './zh-CN.json';

type Tree = { [k: string]: string | Tree };
function leaves(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

/**
 * Plural forms as i18next picks them by the language's plural rules (Intl.PluralRules): English `orderCount_one` /
 * `orderCount_other`, Chinese and Japanese one `orderCount` (they have only the "other" category). A key and its
 * plural forms count as one key, read from the `_other` form.
 */
const PLURAL = /_(zero|one|two|few|many|other)$/;
function byBase(m: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of m)
    if (!PLURAL.test(k) || k.endsWith('_other') || !out.has(k.replace(PLURAL, ''))) out.set(k.replace(PLURAL, ''), v);
  return out;
}

describe('translations', () => {
  const raw = { en: leaves(en), ja: leaves(ja), 'zh-CN': leaves(zhCN) };
  const langs = { en: byBase(raw.en), ja: byBase(raw.ja), 'zh-CN': byBase(raw['zh-CN']) };
  it('English plurals have both forms, and the one form names the count', () => {
    const bases = [...raw.en.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, ''));
    expect(bases.filter((b) => !raw.en.has(`${b}_one`) || !raw.en.has(`${b}_other`))).toEqual([]);
    expect(bases.filter((b) => !raw.en.get(`${b}_one`)?.includes('{{'))).toEqual([]);
  });
  const all = new Set(Object.values(langs).flatMap((m) => [...m.keys()]));
  for (const [lang, keys] of Object.entries(langs)) {
    it(`${lang} has every key, none empty`, () => {
      const missing = [...all].filter((k) => !keys.has(k));
      expect(missing).toEqual([]);
      expect([...keys].filter(([, v]) => !v.trim())).toEqual([]);
    });
    it(`${lang} keeps the same placeholders as English`, () => {
      const ph = (s: string) => (s.match(/{{\w+}}/g) ?? []).sort().join(',');
      const diff = [...langs.en].filter(([k, v]) => keys.has(k) && ph(v) !== ph(keys.get(k)!)).map(([k]) => k);
      expect(diff).toEqual([]);
    });
  }
  it('every t() key used in the web sources exists', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f) && !f.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(join(import.meta.dirname, '..'));
    const used = new Set<string>();
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !langs.en.has(k))).toEqual([]);
  });
  // The server's catalogue is the list of every code it can answer with; each needs its words on every screen.
  for (const [lang, keys] of Object.entries(langs)) {
    it(`${lang} has a message for every error code of the server's catalogue`, () => {
      expect(Object.keys(PROBLEM_CODES).filter((c) => !keys.has(`errors.${c}`))).toEqual([]);
      expect(Object.keys(FIELD_CODES).filter((c) => !keys.has(`fieldErrors.${c}`))).toEqual([]);
    });
    it(`${lang} field messages name the same values as the server's ({max} → {{max}})`, () => {
      const wrong = Object.entries(FIELD_CODES).filter(([code, english]) => {
        const want = [...english.matchAll(/\{(\w+)\}/g)].map((m) => `{{${m[1]}}}`).sort();
        const have = (keys.get(`fieldErrors.${code}`)?.match(/{{\w+}}/g) ?? []).sort();
        return want.join() !== have.join();
      });
      expect(wrong.map(([c]) => c)).toEqual([]);
    });
  }
});
