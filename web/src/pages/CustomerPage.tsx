import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  message,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get, post } from '../api/client.ts';
import { errorText } from '../api/errors.ts';
import type { Customer, Interaction, Page, Task, TimelineItem } from '../api/types.ts';
import { AddContact } from '../components/AddContact.tsx';
import { addressText } from '../components/address.ts';
import { ChangeOwnerButton } from '../components/ChangeOwner.tsx';
import { customRows } from '../components/CustomFieldInputs.tsx';
import { birthdayText, wholeDays } from '../components/dates.ts';
import { EditCustomer } from '../components/EditCustomer.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { LogInteractionButton } from '../components/LogInteraction.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RecordReturnButton } from '../components/RecordReturn.tsx';
import { RecordSaleButton } from '../components/RecordSale.tsx';
import { date, dateTime, money } from '../format.ts';
import { useFieldDefs, usePicklistLabel, useRefreshCustomer } from '../hooks.ts';
import { useMe } from '../session.tsx';

interface File360 {
  customer: Customer;
  sections: {
    contacts: { quietDecisionMakers: { personId: string; name: string }[] };
    orders?: {
      count: number;
      total: number;
      firstAt: string | null;
      lastAt: string | null;
      averageIntervalDays: number | null;
      recent: { id: string; kind: string; orderedAt: string; total: number; currency: string }[];
    };
    interactions?: Interaction[];
    tasks?: Task[];
  };
}

/** The customer file: everything about one customer on one screen. */
export default function CustomerPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const refresh = useRefreshCustomer(id);
  const label = usePicklistLabel();
  const file = useQuery({ queryKey: ['customer', id], queryFn: () => get<File360>(`/customers/${id}/360`) });
  const timeline = useQuery({
    queryKey: ['timeline', id],
    queryFn: () => get<Page<TimelineItem>>(`/customers/${id}/timeline?limit=30`),
  });
  const defs = useFieldDefs();
  const [editing, setEditing] = useState(false);
  if (file.isPending)
    return (
      <div className="page">
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  if (file.isError)
    return (
      <div className="page">
        <PageTitle title={t('nav.customers')} />
        <LoadError error={file.error} retry={() => file.refetch()} />
      </div>
    );
  const { customer: c, sections } = file.data;
  const lang = i18n.language;
  const tz = me.tenant.timezone;
  const fax = c.channels.filter((x) => x.label === 'fax');
  const phones = c.channels.filter((x) => x.kind === 'phone' && x.label !== 'fax');
  const emails = c.channels.filter((x) => x.kind === 'email');
  return (
    <div className="page">
      <Space wrap align="center" style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <div>
          <PageTitle
            text={c.name}
            title={
              <>
                {c.name} {c.grade && <Tag color={c.grade === 'A' ? 'gold' : 'default'}>{c.grade}</Tag>}
                {c.archivedAt && <Tag>{t('common.archived')}</Tag>}
              </>
            }
          />
          <span className="muted">
            {/* No leading "·" when the file has no reading. */}
            {[
              c.reading,
              t(c.kind === 'person' ? 'customer.person' : 'customer.organization'),
              `${t('customer.owner')}${t('common.colon')}${c.ownerName ?? t('customer.unowned')}`,
            ]
              .filter(Boolean)
              .join(t('common.listSeparator'))}
          </span>
        </div>
        <Space wrap>
          <LogInteractionButton customerId={c.id} contacts={c.contacts} />
          <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
          {me.permissions.includes('customer.update') && <ChangeOwnerButton ids={[c.id]} currentOwnerId={c.ownerId} />}
          <Button onClick={() => navigate(`/customers/${c.id}/print`)}>{t('customer.printCard')}</Button>
          {/* Archiving hides a file from lists and search; it is never deleted, and unarchiving brings it back. */}
          {me.permissions.includes('customer.archive') && (
            <Button
              onClick={async () => {
                try {
                  await post(`/customers/${c.id}/${c.archivedAt ? 'unarchive' : 'archive'}`, {});
                  await refresh();
                } catch (e) {
                  message.error(errorText(e));
                }
              }}
            >
              {c.archivedAt ? t('common.unarchive') : t('common.archive')}
            </Button>
          )}
        </Space>
      </Space>
      {sections.contacts.quietDecisionMakers.map((d) => (
        <Alert
          key={d.personId}
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('customer.quietDecisionMaker', { name: d.name })}
        />
      ))}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('customer.profile')} size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('customer.phone')}>
                {phones.map((p) => (
                  <div key={p.id}>
                    <a href={`tel:${p.normalized}`}>{p.value}</a>
                  </div>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.fax')}>
                {fax.map((p) => p.value).join(', ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.email')}>
                {emails.map((p) => (
                  <div key={p.id}>
                    <a href={`mailto:${p.value}`}>{p.value}</a>
                  </div>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.address')}>
                {c.addresses.map((a) => addressText(a, lang, me.tenant.phoneRegion)).join(t('common.listSeparator')) ||
                  '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.stage')}>{label('stage', c.stage)}</Descriptions.Item>
              <Descriptions.Item label={t('customer.source')}>{label('source', c.source)}</Descriptions.Item>
              {c.kind === 'person' && (
                <Descriptions.Item label={t('customer.birthday')}>{birthdayText(c.birthday, lang)}</Descriptions.Item>
              )}
              {c.kind === 'organization' && (
                <Descriptions.Item label={t('customer.taxId')}>{c.taxId ?? '—'}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('customer.tags')}>
                {c.tags.map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.lastInteraction')}>
                {date(c.lastInteractionAt, lang, tz)}
              </Descriptions.Item>
              {customRows(c.custom, defs.data?.data ?? []).map(([label, text]) => (
                <Descriptions.Item key={label} label={label}>
                  {text}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('customer.notes')} span={2}>
                {c.notes ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            title={c.kind === 'organization' ? t('customer.contacts') : t('customer.organizations')}
            size="small"
            style={{ marginTop: 16 }}
            extra={c.kind === 'organization' && <AddContact orgId={c.id} onDone={refresh} />}
          >
            <List
              dataSource={c.kind === 'organization' ? c.contacts : c.organizations}
              locale={{ emptyText: t('common.noData') }}
              renderItem={(l) => (
                <List.Item>
                  <Space wrap>
                    <Link to={`/customers/${c.kind === 'organization' ? l.personId : l.organizationId}`}>
                      {c.kind === 'organization' ? l.personName : l.organizationName}
                    </Link>
                    {l.role === 'decision_maker' ? (
                      <Badge status="error" text={<strong>{t('roles.decision_maker')}</strong>} />
                    ) : (
                      <Tag>{t(`roles.${l.role}`)}</Tag>
                    )}
                    {l.title && <span className="muted">{l.title}</span>}
                    <span className="muted">
                      {t('customer.lastInteraction')}
                      {t('common.colon')}
                      {date(l.lastContactAt, lang, tz)}
                    </span>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Card
            title={t('customer.purchases')}
            size="small"
            style={{ marginTop: 16 }}
            extra={<RecordSaleButton customerId={c.id} />}
          >
            {sections.orders && sections.orders.count > 0 ? (
              <>
                <p data-testid="purchase-summary">
                  {[
                    t('customer.orderCount', { count: sections.orders.count }),
                    <>
                      {t('customer.totalSpend')}
                      {t('common.colon')}
                      <strong>{money(sections.orders.total, me.tenant.currency, lang)}</strong>
                    </>,
                    `${t('customer.firstPurchase')}${t('common.colon')}${date(sections.orders.firstAt, lang, tz)}`,
                    `${t('customer.lastPurchase')}${t('common.colon')}${date(sections.orders.lastAt, lang, tz)}`,
                    sections.orders.averageIntervalDays !== null &&
                      t('customer.averageInterval', { days: wholeDays(sections.orders.averageIntervalDays, lang) }),
                  ]
                    .filter(Boolean)
                    .map((part, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed sentence
                      <span key={i}>
                        {i > 0 && t('common.listSeparator')}
                        {part}
                      </span>
                    ))}
                </p>
                <List
                  size="small"
                  dataSource={sections.orders.recent}
                  renderItem={(o) => (
                    <List.Item
                      data-testid="order-row"
                      actions={
                        o.kind === 'sale' ? [<RecordReturnButton key="return" orderId={o.id} customerId={c.id} />] : []
                      }
                    >
                      {date(o.orderedAt, lang, tz)} · {money(o.total, o.currency, lang)}
                      {o.kind === 'return' && <Tag style={{ marginLeft: 8 }}>{t('orders.returnKind')}</Tag>}
                    </List.Item>
                  )}
                />
              </>
            ) : (
              <Empty description={t('customer.noOrders')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('customer.tasks')} size="small">
            <List
              dataSource={sections.tasks ?? []}
              locale={{ emptyText: t('common.noData') }}
              renderItem={(task) => (
                <List.Item>
                  {task.title} <span className="muted">{dateTime(task.dueAt, lang, tz)}</span>
                </List.Item>
              )}
            />
          </Card>
          <Card title={t('customer.timeline')} size="small" style={{ marginTop: 16 }}>
            <Timeline
              items={(timeline.data?.data ?? []).map((i) => ({
                key: `${i.kind}-${i.id}`,
                color:
                  i.kind === 'interaction'
                    ? 'green'
                    : i.kind === 'order'
                      ? 'gold'
                      : i.kind === 'task'
                        ? 'blue'
                        : 'gray',
                children: (
                  <div>
                    <div className="muted" style={{ fontSize: 12 }}>
                      {dateTime(i.at, lang, tz)}
                      {i.actorName ? ` · ${i.actorName}` : ''}
                    </div>
                    <div>{timelineTitle(i, t, lang)}</div>
                    {i.detail && i.kind === 'interaction' && <div className="muted">{i.detail}</div>}
                    {i.detail && i.kind === 'task' && (
                      <div className="muted">
                        {/* the diary sends 'done' or the due time */}
                        {i.detail === 'done'
                          ? t('tasks.done')
                          : `${t('tasks.due')}${t('common.colon')}${dateTime(i.detail, lang, tz)}`}
                      </div>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {editing && <EditCustomer customer={c} onClose={() => setEditing(false)} onSaved={refresh} />}
    </div>
  );
}

const CHANGES = ['create', 'update', 'archive', 'unarchive', 'merge', 'merged_into', 'merge_undo'];

function timelineTitle(i: TimelineItem, t: (k: string, o?: Record<string, unknown>) => string, lang: string): string {
  if (i.kind === 'interaction') return t(`diary.types.${i.title}`);
  if (i.kind === 'order' || i.kind === 'return') {
    const [, total, currency] = i.title.split(':');
    return `${t(i.kind === 'return' ? 'orders.returnKind' : 'customer.orders')} ${money(Number(total), currency, lang)}`;
  }
  if (i.kind === 'task') return `${t('tasks.task')}${t('common.colon')}${i.title}`;
  // A change to the file: its audit action (customer.archive, customer.merge_undo, …) says what happened.
  const action = i.title.replace(/^customer\./, '');
  if (action === 'assign') return t('audit.actions.customer_assign');
  // The changed fields come as audit field names: say them in the user's words.
  const fields = (i.detail ?? '')
    .split(', ')
    .filter(Boolean)
    .map((f) => t(`audit.fields.${f}`, { defaultValue: '' }) || t(`customer.${f}`, { defaultValue: '' }) || null)
    .filter(Boolean)
    .join(t('common.listSeparator'));
  return t(CHANGES.includes(action) ? `customer.changes.${action}` : 'customer.changes.other', { fields });
}
