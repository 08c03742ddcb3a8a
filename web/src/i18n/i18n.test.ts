import { describe, expect, it } from 'vitest';
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

describe('translations', () => {
  const langs = { en: leaves(en), ja: leaves(ja), 'zh-CN': leaves(zhCN) };
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
});
