import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, List, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../api/client.ts';
import type { MyDay } from '../api/types.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { TaskList } from '../components/TaskList.tsx';

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
            <TaskList tasks={d.today} empty={t('tasks.nothingToday')} />
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
