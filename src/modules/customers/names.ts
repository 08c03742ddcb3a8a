import { pinyin } from 'pinyin-pro';
import { isKana, toHiragana, toRomaji } from 'wanakana';

/**
 * Search and sort keys for a customer's name, computed in the app so PGlite and PostgreSQL behave the same
 * (PGlite's ICU has no pinyin collation). Chinese names get pinyin with surname rules (曾→zeng, 单→shan,
 * 欧阳 as one surname); Japanese names get their kana reading (as entered) and its romaji.
 */
export interface NameInput {
  kind: 'person' | 'organization';
  name: string;
  familyName?: string | null;
  givenName?: string | null;
  reading?: string | null;
}

export interface SearchKeys {
  searchTokens: string[];
  searchLatin: string;
  searchInitials: string;
  searchKana: string;
  sortKey: string;
  /** The reading to store: kana as entered, else computed pinyin for Chinese names. */
  reading: string | null;
}

const HAN = /\p{Script=Han}/u;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]/u;

/** Full-width to half-width, lower case, trimmed: how both stored keys and queries are compared. */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase();
}

export const hasHan = (s: string) => HAN.test(s);
export const isCjk = (ch: string) => CJK_CHAR.test(ch);

/** Kana (hiragana or katakana, spaces allowed) → hiragana without spaces; otherwise ''. */
export function kanaKey(s: string | null | undefined): string {
  if (!s) return '';
  const t = s.normalize('NFKC').replace(/[\s・･]/g, '');
  return t && isKana(t) ? toHiragana(t) : '';
}

function pinyinSyllables(name: string, familyName?: string | null): string[] {
  const opts = { toneType: 'none', type: 'array', v: true } as const;
  if (familyName && name.startsWith(familyName)) {
    return [...pinyin(familyName, { ...opts, surname: 'all' }), ...pinyin(name.slice(familyName.length), { ...opts })];
  }
  return pinyin(name, { ...opts, surname: 'head' });
}

/** Unigrams and bigrams of every CJK run, plus lower-cased latin words: what the GIN index searches. */
export function nameTokens(text: string): string[] {
  const out = new Set<string>();
  const norm = normalizeText(text);
  const chars = [...norm];
  for (let i = 0; i < chars.length; i++) {
    if (!isCjk(chars[i])) continue;
    out.add(chars[i]);
    if (i + 1 < chars.length && isCjk(chars[i + 1])) out.add(chars[i] + chars[i + 1]);
  }
  for (const word of norm.split(/[^\p{L}\p{N}]+/u)) if (word && !isCjk(word[0])) out.add(word);
  return [...out];
}

/** The query side of nameTokens: the tokens a name must contain to match q as a substring. */
export function queryTokens(q: string): string[] {
  const chars = [...normalizeText(q)].filter(isCjk);
  if (chars.length === 1) return chars;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}

export function searchKeysFor(input: NameInput): SearchKeys {
  const name = input.name.normalize('NFKC').trim();
  const kana = kanaKey(input.reading) || kanaKey(name);
  const tokens = new Set(nameTokens(name));
  if (input.kind === 'person')
    for (const t of nameTokens(`${input.familyName ?? ''} ${input.givenName ?? ''}`)) tokens.add(t);
  let latin = '';
  let initials = '';
  let sortKey = '';
  let reading: string | null = input.reading?.trim() || null;
  if (kana) {
    const romaji = toRomaji(kana);
    latin = romaji;
    const words = (input.reading ?? '')
      .normalize('NFKC')
      .split(/[\s・･]+/)
      .filter(Boolean);
    initials = (words.length > 1 ? words : [kana]).map((w) => toRomaji(toHiragana(w))[0] ?? '').join('');
    sortKey = kana;
  } else if (hasHan(name)) {
    const syllables = pinyinSyllables(name, input.kind === 'person' ? input.familyName : null).filter((s) =>
      /^[a-zü]+$/.test(s),
    );
    latin = syllables.join('').replace(/ü/g, 'v');
    initials = syllables.map((s) => s[0]).join('');
    sortKey = syllables.join(' ');
    reading ??= syllables.join(' ');
  } else {
    const words = normalizeText(name)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    latin = words.join('');
    initials = words.map((w) => w[0]).join('');
    sortKey = normalizeText(name);
  }
  return {
    searchTokens: [...tokens],
    searchLatin: latin,
    searchInitials: initials,
    searchKana: kana,
    sortKey,
    reading,
  };
}

/** A person's display name in their culture's order: CJK family+given without space, Western given family. */
export function displayName(familyName?: string | null, givenName?: string | null): string {
  const f = familyName?.trim() ?? '';
  const g = givenName?.trim() ?? '';
  if (!f || !g) return f || g;
  return isCjk([...f][0]) || isCjk([...g][0]) ? `${f}${g}` : `${g} ${f}`;
}
