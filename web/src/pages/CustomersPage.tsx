import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Dropdown, Input, message, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, patch, qs } from '../api/client.ts';
import type { CustomerSummary, Page } from '../api/types.ts';
import { apiFilters, type ExtraFilters, FilterSelect, MoreFilters } from '../components/MoreFilters.tsx';
import { date, money } from '../format.ts';
import { useDebounced, usePicklistLabel, usePicklistOptions, useUsers } from '../hooks.ts';
import { useMe } from '../session.tsx';

interface Filters extends ExtraFilters {
  kind?: string;
  grade?: string;
  stage?: string;
  source?: string;
  ownerId?: string;
  tags?: string;
  sort?: string;
}
const COLUMNS = [
  'phone',
  'grade',
  'stage',
  'owner',
  'city',
  'lastInteraction',
  'lastPurchase',
  'totalSpend',
  'tags',
] as const;
type Column = (typeof COLUMNS)[number];
const VIEWS_KEY = 'granary.customerViews';
const COLS_KEY = 'granary.customerColumns';

/** The customer list: one search box with results as you type, filters, saved views, column chooser, bulk tag. */
export default function CustomersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [cols, setCols] = useState<Column[]>(
    () =>
      JSON.parse(localStorage.getItem(COLS_KEY) ?? 'null') ?? [
        'phone',
        'grade',
        'owner',
        'lastInteraction',
        'totalSpend',
      ],
  );
  const [views, setViews] = useState<{ name: string; q: string; filters: Filters }[]>(() =>
    JSON.parse(localStorage.getItem(VIEWS_KEY) ?? '[]'),
  );
  const dq = useDebounced(q.trim(), 150);
  const users = useUsers();
  const label = usePicklistLabel();
  const options = usePicklistOptions();
  const list = useInfiniteQuery({
    queryKey: ['customers', dq, filters],
    queryFn: ({ pageParam, signal }) =>
      get<Page<CustomerSummary>>(
        `/customers${qs({ q: dq, limit: 50, cursor: pageParam, ...apiFilters(filters) })}`,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const cur = me.tenant.currency;
  const all: Record<Column, { title: string; render: (c: CustomerSummary) => React.ReactNode }> = {
    phone: { title: t('customer.phone'), render: (c) => c.primaryPhone ?? c.primaryEmail ?? '—' },
    grade: {
      title: t('customer.grade'),
      render: (c) => (c.grade ? <Tag color={c.grade === 'A' ? 'gold' : undefined}>{c.grade}</Tag> : '—'),
    },
    stage: { title: t('customer.stage'), render: (c) => label('stage', c.stage) },
    owner: {
      title: t('customer.owner'),
      render: (c) => c.ownerName ?? <span className="muted">{t('customer.unowned')}</span>,
    },
    city: { title: t('customer.city'), render: (c) => c.city ?? '—' },
    lastInteraction: {
      title: t('customer.lastInteraction'),
      render: (c) => date(c.lastInteractionAt, i18n.language, me.tenant.timezone),
    },
    lastPurchase: {
      title: t('customer.lastPurchase'),
      render: (c) => date(c.lastPurchaseAt, i18n.language, me.tenant.timezone),
    },
    totalSpend: { title: t('customer.totalSpend'), render: (c) => money(c.totalSpend, cur, i18n.language) },
    tags: { title: t('customer.tags'), render: (c) => c.tags.map((x) => <Tag key={x}>{x}</Tag>) },
  };
  const setFilter = (k: keyof Filters, v: string | undefined) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  return (
    <div className="page">
      <Space wrap style={{ width: '100%', marginBottom: 12 }}>
        <Input.Search
          aria-label={t('common.search')}
          placeholder={t('customer.searchPlaceholder')}
          allowClear
          autoFocus
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 'min(420px, 92vw)' }}
          data-testid="customer-search"
        />
        <Button type="primary" onClick={() => navigate('/customers/new')}>
          {t('customer.new')}
        </Button>
        <Button onClick={() => navigate('/customers/duplicates')}>{t('duplicates.open')}</Button>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <FilterSelect
          label={t('customer.kind')}
          width={110}
          value={filters.kind}
          onChange={(v) => setFilter('kind', v)}
          options={[
            { value: 'person', label: t('customer.person') },
            { value: 'organization', label: t('customer.organization') },
          ]}
        />
        <FilterSelect
          label={t('customer.grade')}
          width={130}
          value={filters.grade}
          onChange={(v) => setFilter('grade', v)}
          options={options('grade')}
        />
        <FilterSelect
          label={t('customer.stage')}
          width={130}
          value={filters.stage}
          onChange={(v) => setFilter('stage', v)}
          options={options('stage')}
        />
        <FilterSelect
          label={t('customer.source')}
          width={130}
          value={filters.source}
          onChange={(v) => setFilter('source', v)}
          options={options('source')}
        />
        <FilterSelect
          label={t('customer.owner')}
          width={130}
          value={filters.ownerId}
          onChange={(v) => setFilter('ownerId', v)}
          options={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
        <Input
          placeholder={t('customer.tags')}
          aria-label={t('customer.tags')}
          style={{ width: 120 }}
          value={filters.tags}
          onChange={(e) => setFilter('tags', e.target.value)}
        />
        <MoreFilters filters={filters} set={setFilter} />
        <Select
          placeholder={t('customer.sort')}
          aria-label={t('customer.sort')}
          style={{ width: 140 }}
          value={filters.sort ?? 'name'}
          onChange={(v) => setFilter('sort', v)}
          options={['name', 'created', 'last_interaction', 'last_purchase', 'total_spend'].map((s) => ({
            value: s,
            label: t(`sorts.${s}`),
          }))}
        />
        <Dropdown
          trigger={['click']}
          dropdownRender={() => (
            <div style={{ background: '#fff', padding: 12, boxShadow: '0 2px 8px rgba(0,0,0,.15)', borderRadius: 6 }}>
              {COLUMNS.map((c) => (
                <div key={c}>
                  <Checkbox
                    checked={cols.includes(c)}
                    onChange={(e) => {
                      const next = e.target.checked ? [...cols, c] : cols.filter((x) => x !== c);
                      setCols(next);
                      localStorage.setItem(COLS_KEY, JSON.stringify(next));
                    }}
                  >
                    {all[c].title}
                  </Checkbox>
                </div>
              ))}
            </div>
          )}
        >
          <Button>{t('common.columns')}</Button>
        </Dropdown>
        <Select
          placeholder={t('common.views')}
          aria-label={t('common.views')}
          style={{ width: 150 }}
          value={null}
          onChange={(v) => {
            if (v === '__save') {
              const name = window.prompt(t('common.viewName'));
              if (!name) return;
              const next = [...views.filter((x) => x.name !== name), { name, q, filters }];
              setViews(next);
              localStorage.setItem(VIEWS_KEY, JSON.stringify(next));
              return;
            }
            const view = views.find((x) => x.name === v);
            if (view) {
              setQ(view.q);
              setFilters(view.filters);
            }
          }}
          options={[
            ...views.map((v) => ({ value: v.name, label: v.name })),
            { value: '__save', label: `+ ${t('common.saveView')}` },
          ]}
        />
      </Space>
      {selected.length > 0 && (
        <Space style={{ marginBottom: 8 }}>
          <span>{t('common.selected', { count: selected.length })}</span>
          <Button
            onClick={async () => {
              const tag = window.prompt(t('customer.bulkTagPrompt'))?.trim();
              if (!tag) return;
              for (const id of selected) {
                const c = rows.find((r) => r.id === id);
                if (c && !c.tags.includes(tag)) await patch(`/customers/${id}`, { tags: [...c.tags, tag] });
              }
              message.success(t('common.saved'));
              setSelected([]);
              await client.invalidateQueries({ queryKey: ['customers'] });
            }}
          >
            {t('customer.bulkTag')}
          </Button>
        </Space>
      )}
      <Table<CustomerSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching && rows.length === 0}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        locale={{ emptyText: t('common.noData') }}
        columns={[
          {
            title: t('customer.name'),
            key: 'name',
            render: (_, c) => (
              <Link to={`/customers/${c.id}`}>
                <strong>{c.name}</strong>
                {c.reading && (
                  <div className="muted" style={{ fontSize: 12 }}>
                    {c.reading}
                  </div>
                )}
              </Link>
            ),
          },
          ...cols.map((c) => ({
            title: all[c].title,
            key: c,
            render: (_: unknown, row: CustomerSummary) => all[c].render(row),
          })),
        ]}
      />
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', margin: 12 }}>
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </div>
  );
}
