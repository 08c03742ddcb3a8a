import { describe, expect, it } from 'vitest';
import { displayName, nameTokens, queryTokens, searchKeysFor } from './names.ts';
import { normalizePhone, phoneDigits } from './phones.ts';
import { parseBirthday, validateCustom, wouldCycle } from './rules.ts';

describe('name keys', () => {
  it.each([
    ['张三', 'zhangsan', 'zs'],
    ['张三丰', 'zhangsanfeng', 'zsf'],
    ['欧阳娜娜', 'ouyangnana', 'oynn'],
    ['曾小贤', 'zengxiaoxian', 'zxx'],
    ['单田芳', 'shantianfang', 'stf'],
  ])('%s → pinyin %s, initials %s (surname rules)', (name, latin, initials) => {
    const k = searchKeysFor({ kind: 'person', name });
    expect(k.searchLatin).toBe(latin);
    expect(k.searchInitials).toBe(initials);
  });

  it('keeps a Japanese reading as kana and romaji', () => {
    const k = searchKeysFor({
      kind: 'person',
      name: '山田太郎',
      familyName: '山田',
      givenName: '太郎',
      reading: 'ヤマダ タロウ',
    });
    expect(k.searchKana).toBe('やまだたろう');
    expect(k.searchLatin).toBe('yamadatarou');
    expect(k.searchInitials).toBe('yt');
    expect(k.sortKey).toBe('やまだたろう');
  });

  it('tokens cover 2-character names', () => {
    expect(nameTokens('张三')).toEqual(expect.arrayContaining(['张', '三', '张三']));
    expect(queryTokens('张三')).toEqual(['张三']);
    expect(queryTokens('张三丰')).toEqual(['张三', '三丰']);
    expect(queryTokens('张')).toEqual(['张']);
  });

  it('orders names by culture', () => {
    expect(displayName('山田', '太郎')).toBe('山田太郎');
    expect(displayName('Smith', 'Anna')).toBe('Anna Smith');
  });
});

describe('phones', () => {
  it.each([
    ['+86 138 0013 8000', 'CN', '+8613800138000'],
    ['13800138000', 'CN', '+8613800138000'],
    ['１３８００１３８０００', 'CN', '+8613800138000'],
    ['090-1234-5678', 'JP', '+819012345678'],
    ['03-1234-5678', 'JP', '+81312345678'],
  ])('%s (%s) → %s', (v, region, e164) => {
    expect(normalizePhone(v, region)?.normalized).toBe(e164);
  });
  it('rejects what is not a phone', () => {
    expect(normalizePhone('12345', 'CN')).toBeNull();
    expect(normalizePhone('call me', 'CN')).toBeNull();
    expect(phoneDigits('8000')).toBe('8000');
    expect(phoneDigits('800')).toBeNull();
  });
});

describe('rules', () => {
  const today = new Date('2026-11-22T00:00:00Z');
  it('parses birthdays with and without year, refusing the future and impossible dates', () => {
    expect(parseBirthday('1990-02-28', today, 'b')).toEqual({ birthYear: 1990, birthMonth: 2, birthDay: 28 });
    expect(parseBirthday('--02-29', today, 'b')).toEqual({ birthYear: null, birthMonth: 2, birthDay: 29 });
    expect(parseBirthday('2030-01-01', today, 'b')).toMatchObject({ message: 'cannot be in the future' });
    expect(parseBirthday('2023-02-29', today, 'b')).toMatchObject({ message: 'is not a real date' });
  });
  it('validates custom fields by type', () => {
    const defs = [
      { key: 'size', type: 'select' as const, options: ['S', 'M'], required: true, archived: false },
      { key: 'visits', type: 'number' as const, options: [], required: false, archived: false },
    ];
    expect(validateCustom({ size: 'S', visits: 3 }, defs, { requireAll: true }).errors).toEqual([]);
    const bad = validateCustom({ size: 'XL', visits: 'many', color: 'red' }, defs, { requireAll: true }).errors.map(
      (e) => e.path,
    );
    expect(bad).toEqual(['body.custom.size', 'body.custom.visits', 'body.custom.color', 'body.custom.size']);
  });
  it('detects referral cycles', () => {
    const chain = new Map([
      ['b', 'a'],
      ['a', null],
    ]);
    expect(wouldCycle('a', 'b', chain)).toBe(true);
    expect(wouldCycle('c', 'b', chain)).toBe(false);
  });
});
