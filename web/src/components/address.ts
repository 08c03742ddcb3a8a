import type { Address } from '../api/types.ts';

/**
 * An address the way its country (else the business's phone region) writes it: 〒100-0001 東京都千代田区… (Japan, no spaces between the parts),
 * 浙江省杭州市西湖区文三路1号（邮编310012） (China), street first elsewhere.
 */
export function addressText(a: Address, lang: string, businessRegion?: string): string {
  const country = a.country ?? businessRegion ?? (lang === 'ja' ? 'JP' : lang === 'zh-CN' ? 'CN' : undefined);
  const region = [a.province, a.city, a.district].filter(Boolean);
  const rest = [a.street, a.text].filter(Boolean);
  const japanese = country === 'JP';
  const chinese = country === 'CN';
  if (japanese) return [a.postalCode && `〒${a.postalCode}`, [...region, ...rest].join('')].filter(Boolean).join(' ');
  if (chinese) return `${[...region, ...rest].join('')}${a.postalCode ? `（邮编${a.postalCode}）` : ''}`;
  return [...rest, ...[...region].reverse(), a.postalCode].filter(Boolean).join(', ');
}
