import { useQuery } from '@tanstack/react-query';
import { Button, Segmented, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { get } from '../api/client.ts';
import type { Customer, Interaction } from '../api/types.ts';
import { addressText } from '../components/address.ts';
import { customRows } from '../components/CustomFieldInputs.tsx';
import { birthdayText } from '../components/dates.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { date, money } from '../format.ts';
import { useFieldDefs, usePicklistLabel } from '../hooks.ts';
import { useMe } from '../session.tsx';

interface File360 {
  customer: Customer;
  sections: {
    orders?: { count: number; total: number; firstAt: string | null; lastAt: string | null };
    interactions?: Interaction[];
  };
}
/** How many diary entries the card prints (the latest first). */
const RECENT = 5;

/** 客户资料卡 / 顧客カード: the classic paper card, A4 or A5. */
export default function PrintCardPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const label = usePicklistLabel();
  const defs = useFieldDefs();
  const [size, setSize] = useState<'A4' | 'A5'>('A4');
  const navigate = useNavigate();
  const file = useQuery({ queryKey: ['customer', id], queryFn: () => get<File360>(`/customers/${id}/360`) });
  const name = file.data?.customer.name;
  useEffect(() => {
    document.title = `${t('print.title')}${name ? ` · ${name}` : ''} · ${t('app.name')}`;
  }, [name, t]);
  if (!file.data) return null;
  const c = file.data.customer;
  const o = file.data.sections.orders;
  const lang = i18n.language;
  const tz = me.tenant.timezone;
  const sep = t('common.listSeparator');
  const recent = (file.data.sections.interactions ?? []).slice(0, RECENT);
  const contact =
    c.contacts.find((x) => x.isPrimary) ?? c.contacts.find((x) => x.role === 'decision_maker') ?? c.contacts[0];
  const phones = c.channels.filter((x) => x.kind === 'phone' && x.label !== 'fax').map((x) => x.value);
  const fax = c.channels.filter((x) => x.label === 'fax').map((x) => x.value);
  const rows: [string, React.ReactNode][] = [
    [
      t('customer.name'),
      <>
        <strong>{c.name}</strong>
        {c.honorific && <span> {c.honorific}</span>}
        {c.reading && <span>{lang === 'en' ? ` (${c.reading})` : `（${c.reading}）`}</span>}
      </>,
    ],
    [t('customer.kind'), t(c.kind === 'person' ? 'customer.person' : 'customer.organization')],
    [
      t('print.contact'),
      contact ? [contact.personName, t(`roles.${contact.role}`), contact.title].filter(Boolean).join(sep) : '—',
    ],
    ...(c.kind === 'person'
      ? ([[t('customer.birthday'), birthdayText(c.birthday, lang)]] as [string, React.ReactNode][])
      : []),
    [t('customer.grade'), c.grade ?? '—'],
    [t('customer.address'), c.addresses.map((a) => addressText(a, lang, me.tenant.phoneRegion)).join(sep) || '—'],
    [t('customer.phone'), phones.join(', ') || '—'],
    [t('customer.fax'), fax.join(', ') || '—'],
    [
      t('customer.email'),
      c.channels
        .filter((x) => x.kind === 'email')
        .map((x) => x.value)
        .join(', ') || '—',
    ],
    [t('customer.source'), label('source', c.source)],
    [t('customer.owner'), c.ownerName ?? t('customer.unowned')],
    // The business's own fields belong on its card too, by their labels.
    ...customRows(c.custom, defs.data?.data ?? []),
    [
      t('print.purchaseSummary'),
      o && o.count > 0
        ? [
            t('customer.orderCount', { count: o.count }),
            money(o.total, me.tenant.currency, lang),
            `${date(o.firstAt, lang, tz)} – ${date(o.lastAt, lang, tz)}`,
          ].join(sep)
        : t('customer.noOrders'),
    ],
    // The latest diary entries (calls, visits…): what a colleague needs before the next call.
    [
      t('file.recentInteractions'),
      recent.length ? (
        <div key="recent" data-testid="card-interactions">
          {recent.map((i) => (
            <div key={i.id}>
              {date(i.occurredAt, lang, tz)} {t(`diary.types.${i.type}`)}
              {t('common.colon')}
              {i.summary}
            </div>
          ))}
        </div>
      ) : (
        t('file.noInteractions')
      ),
    ],
    [
      t('customer.notes'),
      <span key="notes" style={{ whiteSpace: 'pre-wrap' }}>
        {c.notes ?? ''}
      </span>,
    ],
  ];
  return (
    <div style={{ background: '#f5f5f5', minHeight: '100vh' }}>
      <style>{`@page { size: ${size}; margin: 0; }`}</style>
      <Space className="no-print" style={{ padding: 12 }} wrap>
        <Button onClick={() => navigate(`/customers/${c.id}`)}>{t('common.back')}</Button>
        <span>{t('print.size')}</span>
        <Segmented value={size} onChange={(v) => setSize(v as 'A4' | 'A5')} options={['A4', 'A5']} />
        <LanguageSwitch />
        <Button type="primary" onClick={() => window.print()}>
          {t('common.print')}
        </Button>
      </Space>
      <div
        className={`print-card ${size === 'A5' ? 'a5' : ''}`}
        data-testid="print-card"
        style={{
          width: size === 'A4' ? '210mm' : '148mm',
          minHeight: size === 'A4' ? '297mm' : '210mm',
          margin: '0 auto',
        }}
      >
        <h1>{t('print.title')}</h1>
        <table>
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p style={{ fontSize: '8pt', marginTop: '4mm' }}>
          {me.tenant.name} · {t('print.printedAt', { date: date(new Date().toISOString(), lang, tz) })}
        </p>
      </div>
    </div>
  );
}
