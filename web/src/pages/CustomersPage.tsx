import { SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Checkbox,
  Drawer,
  Dropdown,
  Empty,
  Input,
  List,
  message,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, patch, post, qs } from '../api/client.ts';
import { CUSTOMERS_FIRST_PAGE, takeEarly } from '../api/early.ts';
import { errorText } from '../api/errors.ts';
import type { CustomerSummary, Page } from '../api/types.ts';
import { ChangeOwnerButton, ownerFilterOptions, ownerQuery } from '../components/ChangeOwner.tsx';
import { apiFilters, type ExtraFilters, FilterSelect, MoreFilters } from '../components/MoreFilters.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { date, money, number } from '../format.ts';
import { useDebounced, useIsPhone, usePicklistLabel, usePicklistOptions, useUsers } from '../hooks.ts';
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
/** Where the list stops counting (the API's bounded count says "10,000+" past it). */
const COUNT_CAP = 10_000;
const COLS_KEY = 'granary.customerColumns';

/**
 * The customer list: one search box with results as you type, filters, saved views, column chooser, bulk tag, and
 * how many match. On a phone each customer is a card and the filters fold into a drawer that shows how many are on.
 */
export default function CustomersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const phone = useIsPhone();
  const [drawer, setDrawer] = useState(false);
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
  const [savedViews, setViews] = useState<{ name: string; q: string; filters: Filters }[]>(() =>
    JSON.parse(localStorage.getItem(VIEWS_KEY) ?? '[]'),
  );
  const dq = useDebounced(q.trim(), 150);
  const users = useUsers();
  const label = usePicklistLabel();
  const options = usePicklistOptions();
  const list = useInfiniteQuery({
    queryKey: ['customers', dq, filters],
    queryFn: ({ pageParam, signal }) => {
      const path = `/customers${qs({ q: dq, limit: 30, cursor: pageParam, ...apiFilters(ownerQuery(filters)) })}`;
      type ListPage = Page<CustomerSummary> & { total?: number; totalCapped?: boolean };
      return (path === CUSTOMERS_FIRST_PAGE && takeEarly<ListPage>(path)) || get<ListPage>(path, signal);
    },
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
  const active = Object.entries(filters).filter(([k, v]) => k !== 'sort' && v).length;
  const searching = active > 0 || dq !== '';
  // How many match: the API's bounded count (`total`, `totalCapped` past 10,000) on the first page when it gives
  // one, else what is loaded ("50+" while more pages wait).
  const first = list.data?.pages[0];
  const count =
    first?.total !== undefined
      ? t(first.totalCapped ? 'customer.countCapped' : 'customer.count', {
          count: first.totalCapped ? COUNT_CAP : first.total,
          n: number(first.totalCapped ? COUNT_CAP : first.total, i18n.language),
        })
      : list.isSuccess
        ? t(list.hasNextPage ? 'customer.countCapped' : 'customer.count', {
            count: rows.length,
            n: number(rows.length, i18n.language),
          })
        : '';
  const filterControls = (block: boolean) => {
    const w = (n: number) => (block ? '100%' : n);
    return (
      <>
        <FilterSelect
          label={t('customer.kind')}
          width={w(110)}
          value={filters.kind}
          onChange={(v) => setFilter('kind', v)}
          options={[
            { value: 'person', label: t('customer.person') },
            { value: 'organization', label: t('customer.organization') },
          ]}
        />
        <FilterSelect
          label={t('customer.grade')}
          width={w(130)}
          value={filters.grade}
          onChange={(v) => setFilter('grade', v)}
          options={options('grade')}
        />
        <FilterSelect
          label={t('customer.stage')}
          width={w(130)}
          value={filters.stage}
          onChange={(v) => setFilter('stage', v)}
          options={options('stage')}
        />
        <FilterSelect
          label={t('customer.source')}
          width={w(130)}
          value={filters.source}
          onChange={(v) => setFilter('source', v)}
          options={options('source')}
        />
        <FilterSelect
          label={t('customer.owner')}
          width={w(130)}
          value={filters.ownerId}
          onChange={(v) => setFilter('ownerId', v)}
          options={ownerFilterOptions(users.data?.data ?? [], t)}
        />
        <Input
          placeholder={t('customer.tags')}
          aria-label={t('customer.tags')}
          // Always a prefix (empty until filled): adding one later would remount the input and drop the focus.
          prefix={
            <span className="filter-prefix">{filters.tags ? `${t('customer.tags')}${t('common.colon')}` : ''}</span>
          }
          style={{ width: w(filters.tags ? 180 : 120) }}
          value={filters.tags}
          onChange={(e) => setFilter('tags', e.target.value)}
        />
        <MoreFilters filters={filters} set={setFilter} block={block} />
      </>
    );
  };
  const sort = (
    <Select
      aria-label={t('customer.sort')}
      prefix={<span className="filter-prefix">{`${t('customer.sort')}${t('common.colon')}`}</span>}
      style={{ width: phone ? '100%' : 190 }}
      value={filters.sort ?? 'name'}
      onChange={(v) => setFilter('sort', v)}
      options={['name', 'created', 'last_interaction', 'last_purchase', 'total_spend'].map((s) => ({
        value: s,
        label: t(`sorts.${s}`),
      }))}
    />
  );
  const views = (
    <Select
      placeholder={t('common.views')}
      aria-label={t('common.views')}
      style={{ width: phone ? '100%' : 150 }}
      value={null}
      onChange={(v) => {
        if (v === '__save') {
          const name = window.prompt(t('common.viewName'));
          if (!name) return;
          const next = [...savedViews.filter((x) => x.name !== name), { name, q, filters }];
          setViews(next);
          localStorage.setItem(VIEWS_KEY, JSON.stringify(next));
          return;
        }
        const view = savedViews.find((x) => x.name === v);
        if (view) {
          setQ(view.q);
          setFilters(view.filters);
        }
      }}
      options={[
        ...savedViews.map((v) => ({ value: v.name, label: v.name })),
        { value: '__save', label: `+ ${t('common.saveView')}` },
      ]}
    />
  );
  const empty = searching ? (
    <Empty description={t('customer.noMatch')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
      <Button
        onClick={() => {
          setQ('');
          setFilters({});
        }}
      >
        {t('customer.clearFilters')}
      </Button>
    </Empty>
  ) : (
    <FirstCustomer />
  );
  const loading = list.isPending || (list.isFetching && rows.length === 0);
  return (
    <div className="page">
      <PageTitle
        title={t('nav.customers')}
        extra={
          count && (
            <span className="muted page-count" data-testid="customer-count">
              {count}
            </span>
          )
        }
        text={t('nav.customers')}
      />
      <Space wrap style={{ width: '100%', marginBottom: 12 }}>
        <Input
          type="search"
          aria-label={t('common.search')}
          placeholder={t('customer.searchPlaceholder')}
          prefix={<SearchOutlined aria-hidden />}
          allowClear
          autoFocus={!phone}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 'min(420px, calc(100vw - 16px))' }}
          data-testid="customer-search"
        />
        <Button type="primary" onClick={() => navigate('/customers/new')}>
          {t('customer.new')}
        </Button>
        <Button onClick={() => navigate('/customers/duplicates')}>{t('duplicates.open')}</Button>
        {phone && (
          <Badge count={active} size="small">
            <Button
              onClick={() => setDrawer(true)}
              data-testid="open-filters"
              aria-label={t('common.filtersActive', { count: active })}
            >
              {t('common.filters')}
            </Button>
          </Badge>
        )}
      </Space>
      {phone ? (
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          title={t('common.filters')}
          placement="bottom"
          height="85%"
          footer={
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Button onClick={() => setFilters({ sort: filters.sort })} disabled={active === 0}>
                {t('customer.clearFilters')}
              </Button>
              <Button type="primary" onClick={() => setDrawer(false)}>
                {count || t('common.done')}
              </Button>
            </Space>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {filterControls(true)}
            {sort}
            {views}
          </Space>
        </Drawer>
      ) : (
        <Space wrap style={{ marginBottom: 12 }}>
          {filterControls(false)}
          {sort}
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
          {views}
        </Space>
      )}
      {selected.length > 0 && (
        <Space style={{ marginBottom: 8 }}>
          <span>{t('common.selected', { count: selected.length })}</span>
          <Button
            onClick={async () => {
              const tag = window.prompt(t('customer.bulkTagPrompt'))?.trim();
              if (!tag) return;
              try {
                for (const id of selected) {
                  const c = rows.find((r) => r.id === id);
                  if (c && !c.tags.includes(tag)) await patch(`/customers/${id}`, { tags: [...c.tags, tag] });
                }
                message.success(t('common.saved'));
              } catch (e) {
                message.error(errorText(e));
              }
              setSelected([]);
              await client.invalidateQueries({ queryKey: ['customers'] });
            }}
          >
            {t('customer.bulkTag')}
          </Button>
          {me.permissions.includes('customer.update') && (
            <ChangeOwnerButton ids={selected} onDone={() => setSelected([])} />
          )}
        </Space>
      )}
      {phone ? (
        loading ? (
          <Skeleton active avatar={false} paragraph={{ rows: 8 }} data-testid="list-skeleton" />
        ) : (
          <List
            dataSource={rows}
            locale={{ emptyText: empty }}
            className="customer-cards"
            renderItem={(c) => (
              <List.Item key={c.id} data-testid="customer-card">
                <Link to={`/customers/${c.id}`} className="customer-card">
                  <span className="customer-card-head">
                    <strong>{c.name}</strong>
                    {c.grade && <Tag color={c.grade === 'A' ? 'gold' : undefined}>{c.grade}</Tag>}
                  </span>
                  {c.reading && <span className="muted">{c.reading}</span>}
                  <span>{c.primaryPhone ?? c.primaryEmail ?? '—'}</span>
                  <span className="muted">
                    {t('customer.owner')}
                    {t('common.colon')}
                    {c.ownerName ?? t('customer.unowned')}
                    {t('common.listSeparator')}
                    {t('customer.lastInteraction')}
                    {t('common.colon')}
                    {date(c.lastInteractionAt, i18n.language, me.tenant.timezone)}
                  </span>
                </Link>
              </List.Item>
            )}
          />
        )
      ) : (
        <Table<CustomerSummary>
          rowKey="id"
          size="middle"
          loading={false}
          dataSource={loading ? [] : rows}
          pagination={false}
          className="table-scroll"
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            getTitleCheckboxProps: () => ({ 'aria-label': t('common.selectAll') }),
            getCheckboxProps: (c) => ({ 'aria-label': t('common.selectRow', { name: c.name }) }) as never,
          }}
          locale={{
            emptyText: loading ? <Skeleton active paragraph={{ rows: 6 }} data-testid="list-skeleton" /> : empty,
          }}
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
              className: 'nowrap',
              render: (_: unknown, row: CustomerSummary) => all[c].render(row),
            })),
          ]}
        />
      )}
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

/**
 * A new business's empty list says what to do next: add the first customer, or look around in a separate demo
 * business (`granary demo`, which goes through the running server). Demo customers are never loaded into a real
 * business: customers are archived, not deleted, so they would stay there for good.
 */
function FirstCustomer() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Empty description={<span className="empty-lead">{t('customer.emptyTitle')}</span>} data-testid="first-customer">
      <p className="muted">{t('customer.emptyHint')}</p>
      <Space wrap style={{ justifyContent: 'center' }}>
        <Button type="primary" onClick={() => navigate('/customers/new')}>
          {t('customer.addFirst')}
        </Button>
      </Space>
    </Empty>
  );
}
