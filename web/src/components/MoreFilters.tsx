import { Checkbox, DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { dateFormat } from '../format.ts';
import { useFieldDefs } from '../hooks.ts';
import { RANGE_ICONS } from './pickerIcons.tsx';

/**
 * The list's filters beyond the picklists: purchase recency (the question behind every win-back call), the date a
 * customer was filed, and the business's own choice fields. Kept as plain strings so saved views stay relative
 * ("no purchase for 180 days" means 180 days before the day the view is opened).
 */
export interface ExtraFilters {
  purchase?: string;
  created?: string;
  archived?: string;
  [customField: `cf.${string}`]: string | undefined;
}

const PURCHASE = {
  within30: { from: 30 },
  within90: { from: 90 },
  over90: { to: 90 },
  over180: { to: 180 },
  over365: { to: 365 },
} as const satisfies Record<string, { from?: number; to?: number }>;
type Purchase = keyof typeof PURCHASE;

/** Filters as the API takes them: recency presets and the created range become dates, custom fields pass as is. */
export function apiFilters<F extends ExtraFilters>({ purchase, created, ...rest }: F) {
  const out: Record<string, string | undefined> = { ...(rest as Record<string, string | undefined>) };
  const preset: { from?: number; to?: number } | undefined = PURCHASE[purchase as Purchase];
  if (preset?.from) out.lastPurchaseFrom = dayjs().subtract(preset.from, 'day').startOf('day').toISOString();
  if (preset?.to) out.lastPurchaseTo = dayjs().subtract(preset.to, 'day').endOf('day').toISOString();
  const [from, to] = created?.split('~') ?? [];
  if (from) out.createdFrom = dayjs(from).startOf('day').toISOString();
  if (to) out.createdTo = dayjs(to).endOf('day').toISOString();
  return out;
}

/**
 * A clearable filter choice whose label is its placeholder (and its name for screen readers); once chosen, the
 * label stays in front of the value ("客户等级：A"), so a filled filter still says what it filters.
 */
export function FilterSelect(props: {
  label: string;
  width: number | string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  options: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  return (
    <Select
      allowClear
      placeholder={props.label}
      aria-label={props.label}
      prefix={props.value ? <span className="filter-prefix">{`${props.label}${t('common.colon')}`}</span> : undefined}
      style={{ width: props.width, minWidth: props.value ? Math.max(Number(props.width) || 0, 180) : undefined }}
      popupMatchSelectWidth={false}
      value={props.value}
      onChange={props.onChange}
      options={props.options}
    />
  );
}

export function MoreFilters({
  filters,
  set,
  block,
}: {
  filters: ExtraFilters;
  set: (key: keyof ExtraFilters, value: string | undefined) => void;
  /** One filter a line, full width (the phone's filter drawer). */
  block?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const defs = useFieldDefs();
  const choices = (defs.data?.data ?? []).filter(
    (d) => !d.archived && (d.type === 'select' || d.type === 'multiselect'),
  );
  const [from, to] = filters.created?.split('~') ?? [];
  return (
    <Space wrap direction={block ? 'vertical' : 'horizontal'} style={block ? { width: '100%' } : undefined}>
      <FilterSelect
        label={t('filters.purchases')}
        width={block ? '100%' : 180}
        value={filters.purchase}
        onChange={(v) => set('purchase', v)}
        options={Object.keys(PURCHASE).map((k) => ({ value: k, label: t(`filters.${k}`) }))}
      />
      <DatePicker.RangePicker
        {...RANGE_ICONS}
        allowEmpty={[true, true]}
        format={dateFormat(i18n.language)}
        placeholder={[t('filters.createdFrom'), t('filters.createdTo')]}
        value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
        onChange={(range) => {
          const [a, b] = range ?? [];
          set('created', a || b ? `${a?.format('YYYY-MM-DD') ?? ''}~${b?.format('YYYY-MM-DD') ?? ''}` : undefined);
        }}
        aria-label={t('filters.created')}
        prefix={
          from || to ? (
            <span className="filter-prefix">{`${t('filters.created')}${t('common.colon')}`}</span>
          ) : undefined
        }
        style={{ width: block ? '100%' : 260 }}
      />
      {choices.map((d) => (
        <FilterSelect
          key={d.key}
          label={d.label}
          width={block ? '100%' : 130}
          value={filters[`cf.${d.key}`]}
          onChange={(v) => set(`cf.${d.key}`, v)}
          options={d.options.map((o) => ({ value: o, label: o }))}
        />
      ))}
      <Checkbox
        checked={filters.archived === 'true'}
        onChange={(e) => set('archived', e.target.checked ? 'true' : undefined)}
      >
        {t('common.archived')}
      </Checkbox>
    </Space>
  );
}
