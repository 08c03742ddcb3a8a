import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client.ts';
import { useMe } from '../../session.tsx';

import { useSubmit } from './common.ts';

export function Teams() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const units = useQuery({
    queryKey: ['units'],
    queryFn: () => get<{ data: { id: string; name: string; kind: string; parentId: string | null }[] }>('/org-units'),
  });
  const [form] = Form.useForm();
  const submit = useSubmit(() => client.invalidateQueries({ queryKey: ['units'] }));
  const byId = new Map((units.data?.data ?? []).map((u) => [u.id, u.name]));
  return (
    <>
      {me.permissions.includes('org.manage') && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Form
            form={form}
            layout="inline"
            initialValues={{ kind: 'team' }}
            onFinish={(v) =>
              submit(() => post('/org-units', { name: v.name, kind: v.kind, parentId: v.parentId ?? null }), form)
            }
          >
            <Form.Item name="name" rules={[{ required: true }]}>
              <Input placeholder={t('common.name')} aria-label={t('common.name')} />
            </Form.Item>
            <Form.Item name="kind">
              <Select
                style={{ width: 110 }}
                aria-label={t('settings.kind')}
                options={[
                  { value: 'department', label: t('settings.department') },
                  { value: 'team', label: t('settings.teamKind') },
                ]}
              />
            </Form.Item>
            <Form.Item name="parentId">
              <Select
                allowClear
                style={{ width: 160 }}
                placeholder={t('settings.parent')}
                aria-label={t('settings.parent')}
                options={(units.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.add')}
            </Button>
          </Form>
        </Card>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={units.data?.data ?? []}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          {
            title: t('settings.kind'),
            render: (_, u) => (u.kind === 'department' ? t('settings.department') : t('settings.teamKind')),
          },
          { title: t('settings.parent'), render: (_, u) => (u.parentId ? byId.get(u.parentId) : '—') },
        ]}
      />
    </>
  );
}
