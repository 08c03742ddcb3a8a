import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Searchable choices for a business's currency, time zone and phone region, with defaults from the browser. */

/** The currencies small businesses here use first; every ISO 4217 code the browser knows follows. */
const COMMON_CURRENCIES = ['CNY', 'JPY', 'HKD', 'TWD', 'KRW', 'SGD', 'USD', 'EUR', 'GBP', 'AUD', 'CAD', 'THB', 'MYR'];
const CURRENCY_OF_REGION: Record<string, string> = {
  CN: 'CNY',
  JP: 'JPY',
  HK: 'HKD',
  TW: 'TWD',
  MO: 'MOP',
  KR: 'KRW',
  SG: 'SGD',
  US: 'USD',
  GB: 'GBP',
  AU: 'AUD',
  CA: 'CAD',
  TH: 'THB',
  MY: 'MYR',
  DE: 'EUR',
  FR: 'EUR',
  IT: 'EUR',
  ES: 'EUR',
  NL: 'EUR',
};

const supported = (key: 'currency' | 'timeZone'): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(key);
  } catch {
    return [];
  }
};

/** What the browser says about where the user is: its zone, the region of its language, that region's currency. */
export function browserDefaults(language: string): { timezone: string; region: string; currency: string } {
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const tagged = [...navigator.languages, navigator.language]
    .map((l) => {
      try {
        return new Intl.Locale(l).maximize().region;
      } catch {
        return undefined;
      }
    })
    .find(Boolean);
  const byLanguage: Record<string, string> = { 'zh-CN': 'CN', ja: 'JP', en: 'US' };
  const byZone: Record<string, string> = { 'Asia/Shanghai': 'CN', 'Asia/Tokyo': 'JP', 'Asia/Hong_Kong': 'HK' };
  // The app's language wins over a browser set to another one (a Japanese dealer on an English browser).
  const fromLanguage = byLanguage[language];
  const region = byZone[timezone] ?? (fromLanguage && tagged !== fromLanguage ? fromLanguage : tagged) ?? 'US';
  return { timezone, region, currency: CURRENCY_OF_REGION[region] ?? 'USD' };
}

/** The language's own defaults (zh-CN → Shanghai, ja → Tokyo) when the browser's zone says nothing better. */
export function defaultsFor(language: string): { timezone: string; region: string; currency: string } {
  const b = browserDefaults(language);
  const own: Record<string, { timezone: string; region: string; currency: string }> = {
    'zh-CN': { timezone: 'Asia/Shanghai', region: 'CN', currency: 'CNY' },
    ja: { timezone: 'Asia/Tokyo', region: 'JP', currency: 'JPY' },
  };
  const mine = own[language];
  // A browser in the language's own country keeps its zone; one elsewhere (UTC on a server) takes the country's.
  if (mine && b.region !== mine.region) return mine;
  return b;
}

type Props = { value?: string; onChange?: (v: string) => void; id?: string; 'aria-label'?: string };

export function CurrencySelect(props: Props) {
  const { i18n } = useTranslation();
  const options = useMemo(() => {
    const names = new Intl.DisplayNames(i18n.language, { type: 'currency' });
    const all = [...new Set([...COMMON_CURRENCIES, ...supported('currency')])];
    return all.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
  }, [i18n.language]);
  return <Select {...props} showSearch optionFilterProp="label" options={options} data-testid="currency-select" />;
}

/** "GMT+08:00" for a zone, now. */
function offsetOf(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? '';
  } catch {
    return '';
  }
}

/** A zone as people say it: 中国标准时间 · Asia/Shanghai (GMT+08:00). */
export function zoneLabel(zone: string, language: string): string {
  let name = '';
  try {
    name =
      new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: 'longGeneric' })
        .formatToParts(new Date())
        .find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {}
  return [name, zone, offsetOf(zone) && `(${offsetOf(zone)})`].filter(Boolean).join(' ');
}

export function TimeZoneSelect(props: Props) {
  const { i18n } = useTranslation();
  const options = useMemo(() => {
    const zones = supported('timeZone');
    const all = zones.includes('UTC') ? zones : ['UTC', ...zones];
    const first = ['Asia/Shanghai', 'Asia/Tokyo', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Seoul', 'Asia/Singapore'];
    return [...first.filter((z) => all.includes(z)), ...all.filter((z) => !first.includes(z))].map((z) => ({
      value: z,
      label: zoneLabel(z, i18n.language),
    }));
  }, [i18n.language]);
  return <Select {...props} showSearch optionFilterProp="label" options={options} data-testid="timezone-select" />;
}

/** Phone regions with their calling codes (libphonenumber-js's list, loaded only when the select is shown). */
export function PhoneRegionSelect(props: Props) {
  const { i18n } = useTranslation();
  const [countries, setCountries] = useState<{ code: string; calling: string }[]>([]);
  useEffect(() => {
    let live = true;
    void import('libphonenumber-js/min').then((m) => {
      if (live)
        setCountries(m.getCountries().map((code) => ({ code, calling: m.getCountryCallingCode(code) as string })));
    });
    return () => {
      live = false;
    };
  }, []);
  const options = useMemo(() => {
    const names = new Intl.DisplayNames(i18n.language, { type: 'region' });
    const first = ['CN', 'JP', 'HK', 'TW', 'MO', 'KR', 'SG', 'US'];
    const sorted = [
      ...first.map((c) => countries.find((x) => x.code === c)).filter((x) => x !== undefined),
      ...countries
        .filter((x) => !first.includes(x.code))
        .sort((a, b) => (names.of(a.code) ?? a.code).localeCompare(names.of(b.code) ?? b.code, i18n.language)),
    ];
    const list = sorted.length ? sorted : props.value ? [{ code: props.value, calling: '' }] : [];
    return list.map((c) => ({
      value: c.code,
      label: `${names.of(c.code) ?? c.code}${c.calling ? ` +${c.calling}` : ''} · ${c.code}`,
    }));
  }, [countries, i18n.language, props.value]);
  return <Select {...props} showSearch optionFilterProp="label" options={options} data-testid="region-select" />;
}
