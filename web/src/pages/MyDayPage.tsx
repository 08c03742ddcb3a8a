import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, List, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, qs } from '../api/client.ts';
import type { CustomerSummary, MyDay, Page } from '../api/types.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { TaskList } from '../components/TaskList.tsx';
import { date } from '../format.ts';
import { useMe } from '../session.tsx';

/** What a rep opens first: overdue, today, upcoming, and whose birthday it is. */
export default function MyDayPage() {
  const { t } = useTranslation();
  const day = useQuery({ queryKey: ['my-day'], queryFn: () => get<MyDay>('/my-day') });
  const d = day.data;
  if (!d)
    return (
      <div className="page">
        <PageTitle title={t('nav.myDay')} />
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  const title = (key: string, n: number, color?: string) => (
    <span>
      {t(key)} <Badge count={n} showZero color={color ?? '#8c8c8c'} />
    </span>
  );
  return (
    <div className="page">
      <PageTitle title={t('nav.myDay')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          {d.overdue.length > 0 && (
            <Card title={title('tasks.overdue', d.counts.overdue, '#cf1322')} size="small" style={{ marginBottom: 16 }}>
              <TaskList tasks={d.overdue} />
            </Card>
          )}
          <Card title={title('tasks.today', d.counts.today, '#8a5a00')} size="small" data-testid="my-day-today">
            <TaskList tasks={d.today} empty={<QuietCustomers />} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card
            title={title('tasks.birthdays', d.counts.birthdays, '#c41d7f')}
            size="small"
            style={{ marginBottom: 16 }}
          >
            <List
              dataSource={d.birthdays}
              locale={{ emptyText: t('common.noData') }}
              renderItem={(b) => (
                <List.Item>
                  🎂 <Link to={`/customers/${b.customerId}`}>{b.name}</Link>
                  <span className="muted">
                    {b.age !== null && ` · ${t('tasks.age', { age: b.age })}`}
                    {b.organizationName && ` · ${t('tasks.contactOf', { org: b.organizationName })}`}
                  </span>
                </List.Item>
              )}
            />
          </Card>
          <Card title={title('tasks.upcoming', d.counts.upcoming)} size="small">
            <TaskList tasks={d.upcoming} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** The "call someone you have not heard from" tip, with the customers it means: longest without contact first. */
function QuietCustomers() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const quiet = useQuery({
    queryKey: ['customers', 'quietest'],
    queryFn: () => get<Page<CustomerSummary>>(`/customers${qs({ sort: 'last_interaction', order: 'asc', limit: 3 })}`),
  });
  const list = quiet.data?.data ?? [];
  return (
    <div style={{ textAlign: 'left' }} data-testid="quiet-customers">
      <p>{t('tasks.nothingToday')}</p>
      {list.length > 0 && (
        <>
          <div className="muted">{t('myDay.quiet')}</div>
          {list.map((c) => (
            <div key={c.id}>
              <Link to={`/customers/${c.id}`}>{c.name}</Link>
              <span className="muted">
                {t('common.listSeparator')}
                {c.lastInteractionAt
                  ? `${t('customer.lastInteraction')}${t('common.colon')}${date(c.lastInteractionAt, i18n.language, me.tenant.timezone)}`
                  : t('myDay.never')}
              </span>
            </div>
          ))}
        </>
      )}
    </div>
  );
}
