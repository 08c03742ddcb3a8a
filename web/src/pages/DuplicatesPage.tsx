import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, message, Radio, Space, Table, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, post } from '../api/client.ts';
import { errorText } from '../api/errors.ts';
import type { Customer } from '../api/types.ts';
import { birthdayText } from '../components/dates.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { SaveDialog } from '../components/SaveDialog.tsx';
import { date, money } from '../format.ts';
import { usePicklistLabel } from '../hooks.ts';
import { useMe } from '../session.tsx';

interface Group {
  reason: 'phone' | 'email' | 'name_city';
  key: string;
  customers: { id: string; name: string; ownerName: string | null }[];
}

/** The duplicates report: groups sharing a phone, an email, or a name in the same city; each pair can be merged. */
export default function DuplicatesPage() {
  const { t } = useTranslation();
  const report = useQuery({
    queryKey: ['duplicates'],
    queryFn: () => get<{ data: Group[] }>('/customers/duplicates'),
  });
  const client = useQueryClient();
  const canMerge = useMe().permissions.includes('customer.merge');
  const [pair, setPair] = useState<[string, string] | null>(null);
  // The last merge stays undoable from here until the user leaves or dismisses it (a toast would vanish).
  const [lastMerge, setLastMerge] = useState<string | null>(null);
  const undo = async (mergeId: string) => {
    try {
      await post(`/merges/${mergeId}/undo`, {});
      setLastMerge(null);
      message.info(t('duplicates.undone'));
      await Promise.all(['duplicates', 'customers'].map((k) => client.invalidateQueries({ queryKey: [k] })));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const groups = report.data?.data ?? [];
  return (
    <div className="page">
      <PageTitle title={t('duplicates.title')} />
      {lastMerge && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setLastMerge(null)}
          style={{ marginBottom: 12 }}
          message={t('duplicates.merged')}
          action={
            <Button size="small" onClick={() => undo(lastMerge)}>
              {t('duplicates.undo')}
            </Button>
          }
        />
      )}
      {report.isSuccess && groups.length === 0 && <Empty description={t('duplicates.none')} />}
      {groups.map((g) => (
        <Card
          key={`${g.reason}-${g.key}`}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Space>
              <Tag color="orange">{t(`duplicates.reasons.${g.reason}`)}</Tag>
              <span>{g.key}</span>
            </Space>
          }
          data-testid="duplicate-group"
        >
          <List
            size="small"
            dataSource={g.customers}
            renderItem={(c, i) => (
              <List.Item
                actions={
                  i > 0 && canMerge
                    ? [
                        <Button key="merge" size="small" onClick={() => setPair([g.customers[0].id, c.id])}>
                          {t('duplicates.merge')}
                        </Button>,
                      ]
                    : []
                }
              >
                <span>
                  <Link to={`/customers/${c.id}`}>{c.name}</Link>
                  <span className="muted"> · {c.ownerName ?? t('customer.unowned')}</span>
                </span>
              </List.Item>
            )}
          />
        </Card>
      ))}
      {pair && <MergeDialog ids={pair} onClose={() => setPair(null)} onMerged={setLastMerge} />}
    </div>
  );
}

type Choice = 'this' | 'other';
/** What a user chooses between, and the API fields each choice moves (a birthday is three fields). */
const FIELDS: {
  key: string;
  picks: string[];
  show: (c: Customer, label: ReturnType<typeof usePicklistLabel>, t: (k: string) => string) => string;
}[] = [
  { key: 'name', picks: ['name', 'familyName', 'givenName'], show: (c) => c.name },
  { key: 'reading', picks: ['reading'], show: (c) => c.reading ?? '—' },
  { key: 'gender', picks: ['gender'], show: (c, _, t) => (c.gender ? t(`genders.${c.gender}`) : '—') },
  { key: 'birthday', picks: ['birthYear', 'birthMonth', 'birthDay'], show: (c) => c.birthday ?? '—' },
  { key: 'grade', picks: ['grade'], show: (c) => c.grade ?? '—' },
  { key: 'source', picks: ['source'], show: (c, label) => label('source', c.source) },
  { key: 'stage', picks: ['stage'], show: (c, label) => label('stage', c.stage) },
  { key: 'owner', picks: ['ownerId'], show: (c) => c.ownerName ?? '—' },
  { key: 'taxId', picks: ['taxId'], show: (c) => c.taxId ?? '—' },
  { key: 'notes', picks: ['notes'], show: (c) => c.notes ?? '—' },
];

function MergeDialog({
  ids,
  onClose,
  onMerged,
}: {
  ids: [string, string];
  onClose: () => void;
  onMerged: (mergeId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const label = usePicklistLabel();
  const [survivorIndex, setSurvivorIndex] = useState(0);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [busy, setBusy] = useState(false);
  const files = useQuery({
    queryKey: ['merge-pair', ...ids],
    queryFn: () => Promise.all(ids.map((id) => get<Customer>(`/customers/${id}`))),
  });
  if (!files.data) return null;
  const survivor = files.data[survivorIndex];
  const other = files.data[1 - survivorIndex];
  const show = (f: (typeof FIELDS)[number], c: Customer) =>
    f.key === 'birthday' ? birthdayText(c.birthday, i18n.language) : f.show(c, label, t);
  const differing = FIELDS.filter((f) => show(f, survivor) !== show(f, other));
  const merge = async () => {
    setBusy(true);
    try {
      const pick = Object.fromEntries(
        differing.flatMap((f) => (choices[f.key] === 'other' ? f.picks.map((p) => [p, 'other']) : [])),
      );
      const r = await post<{ mergeId: string }>(`/customers/${survivor.id}/merge`, { otherId: other.id, pick });
      onMerged(r.mergeId);
      onClose();
      await Promise.all(['duplicates', 'customers'].map((k) => client.invalidateQueries({ queryKey: [k] })));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const lang = i18n.language;
  const tz = me.tenant.timezone;
  const sep = t('common.listSeparator');
  // What tells two files of the same name apart, side by side: how to reach them, what they bought, who has them.
  const facts: { key: string; label: string; value: (c: Customer) => ReactNode }[] = [
    {
      key: 'phone',
      label: t('customer.phone'),
      value: (c) =>
        c.channels
          .filter((x) => x.kind === 'phone')
          .map((x) => x.value)
          .join(sep) || '—',
    },
    {
      key: 'email',
      label: t('customer.email'),
      value: (c) =>
        c.channels
          .filter((x) => x.kind === 'email')
          .map((x) => x.value)
          .join(sep) || '—',
    },
    {
      key: 'address',
      label: t('customer.address'),
      value: (c) =>
        c.addresses.map((a) => [a.province, a.city, a.district, a.street, a.text].filter(Boolean).join('')).join(sep) ||
        '—',
    },
    {
      key: 'orders',
      label: t('customer.orders'),
      value: (c) =>
        c.orderCount > 0
          ? `${t('customer.orderCount', { count: c.orderCount })}${sep}${money(c.totalSpend, me.tenant.currency, lang)}`
          : t('customer.noOrders'),
    },
    { key: 'lastPurchase', label: t('customer.lastPurchase'), value: (c) => date(c.lastPurchaseAt, lang, tz) },
    { key: 'lastInteraction', label: t('customer.lastInteraction'), value: (c) => date(c.lastInteractionAt, lang, tz) },
    { key: 'owner', label: t('customer.owner'), value: (c) => c.ownerName ?? t('customer.unowned') },
    { key: 'created', label: t('customer.created'), value: (c) => date(c.createdAt, lang, tz) },
  ];
  return (
    <SaveDialog
      width={760}
      title={t('duplicates.mergeTitle')}
      okText={t('duplicates.merge')}
      busy={busy}
      onOk={merge}
      onCancel={onClose}
    >
      <p className="muted">{t('duplicates.explain')}</p>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        data-testid="merge-compare"
        dataSource={facts}
        columns={[
          { title: '', dataIndex: 'label', width: 110, render: (v) => <span className="muted">{v}</span> },
          ...files.data.map((c, i) => ({
            key: c.id,
            title: (
              <Radio
                checked={survivorIndex === i}
                onChange={() => {
                  setSurvivorIndex(i);
                  setChoices({});
                }}
              >
                <Link to={`/customers/${c.id}`} target="_blank">
                  {c.name}
                </Link>{' '}
                <Tag color={survivorIndex === i ? 'green' : 'default'}>
                  {survivorIndex === i ? t('mergeView.keep') : t('mergeView.mergeAway')}
                </Tag>
              </Radio>
            ),
            render: (_: unknown, f: (typeof facts)[number]) => {
              const mine = String(f.value(c));
              const theirs = String(f.value(files.data[1 - i]));
              return <span style={{ fontWeight: mine !== theirs ? 600 : undefined }}>{f.value(c)}</span>;
            },
          })),
        ]}
      />
      <h4 style={{ margin: '16px 0 8px' }}>{t('mergeView.choose')}</h4>
      {differing.length === 0 ? (
        <p className="muted" data-testid="merge-same">
          {t('mergeView.same')}
        </p>
      ) : (
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={differing}
          columns={[
            { title: t('duplicates.field'), render: (_, f) => t(`customer.${f.key}`) },
            {
              title: t('duplicates.keepThis'),
              render: (_, f) => (
                <Radio
                  checked={choices[f.key] !== 'other'}
                  onChange={() => setChoices({ ...choices, [f.key]: 'this' })}
                >
                  {show(f, survivor)}
                </Radio>
              ),
            },
            {
              title: t('duplicates.takeOther'),
              render: (_, f) => (
                <Radio
                  checked={choices[f.key] === 'other'}
                  onChange={() => setChoices({ ...choices, [f.key]: 'other' })}
                >
                  {show(f, other)}
                </Radio>
              ),
            },
          ]}
        />
      )}
    </SaveDialog>
  );
}
