import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { dateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';

interface AuditRow {
  id: string;
  at: string;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

export function Audit() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [filter, setFilter] = useState<{ entity?: string; action?: string }>({});
  const [cursor, setCursor] = useState<string | undefined>();
  const page = useQuery({
    queryKey: ['audit', filter, cursor],
    queryFn: () => get<Page<AuditRow>>(`/audit-log${qs({ ...filter, cursor, limit: 50 })}`),
  });
  return (
    <>
      <Form
        layout="inline"
        style={{ marginBottom: 12 }}
        onFinish={(v) => {
          setCursor(undefined);
          setFilter({ entity: v.entity || undefined, action: v.action || undefined });
        }}
      >
        <Form.Item name="entity">
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('settings.entity')}
            aria-label={t('settings.entity')}
            options={['customer', 'user', 'task', 'interaction', 'order', 'tenant', 'api_token', 'session'].map(
              (e) => ({ value: e, label: e }),
            )}
          />
        </Form.Item>
        <Form.Item name="action">
          <Input placeholder={t('settings.action')} aria-label={t('settings.action')} />
        </Form.Item>
        <Button htmlType="submit">{t('common.filters')}</Button>
      </Form>
      <Table<AuditRow>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={page.data?.data ?? []}
        columns={[
          { title: t('settings.when'), render: (_, r) => dateTime(r.at, i18n.language, me.tenant.timezone) },
          { title: t('settings.who'), dataIndex: 'actorName' },
          { title: t('settings.action'), dataIndex: 'action' },
          {
            title: t('settings.entity'),
            render: (_, r) => `${r.entity}${r.entityId ? ` ${r.entityId.slice(-6)}` : ''}`,
          },
          {
            title: t('settings.changes'),
            render: (_, r) =>
              Object.entries(r.changes ?? {})
                .slice(0, 6)
                .map(([k, v]) => (
                  <div key={k}>
                    <code>{k}</code>: {JSON.stringify(v.from)} → {JSON.stringify(v.to)}
                  </div>
                )),
          },
        ]}
      />
      {page.data?.nextCursor && (
        <Button style={{ marginTop: 8 }} onClick={() => setCursor(page.data?.nextCursor ?? undefined)}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
