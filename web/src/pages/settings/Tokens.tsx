import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client.ts';
import { dateTime } from '../../format.ts';

import { ROLES, useSubmit } from './common.ts';

export function Tokens() {
  const { t, i18n } = useTranslation();
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () =>
      get<{
        data: {
          id: string;
          name: string;
          role: string;
          prefix: string;
          lastUsedAt: string | null;
          createdAt: string;
        }[];
      }>('/tokens'),
  });
  const [created, setCreated] = useState<string | null>(null);
  const [form] = Form.useForm();
  const submit = useSubmit('tokens');
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
          onFinish={(v) =>
            submit(
              async () => setCreated((await post<{ token: string }>('/tokens', { name: v.name, role: v.role })).token),
              form,
            )
          }
        >
          <Form.Item name="name" rules={[{ required: true }]}>
            <Input placeholder={t('settings.tokenName')} aria-label={t('settings.tokenName')} />
          </Form.Item>
          <Form.Item name="role">
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('settings.role')}
              aria-label={t('settings.role')}
              options={ROLES.map((r) => ({ value: r, label: t(`settings.roles.${r}`) }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.create')}
          </Button>
        </Form>
        {created && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            message={t('settings.tokenCreated')}
            description={
              <Typography.Text copyable code>
                {created}
              </Typography.Text>
            }
          />
        )}
      </Card>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={tokens.data?.data ?? []}
        columns={[
          { title: t('settings.tokenName'), dataIndex: 'name' },
          { title: t('settings.role'), render: (_, x) => t(`settings.roles.${x.role}`) },
          { title: 'prefix', dataIndex: 'prefix' },
          { title: t('settings.lastUsed'), render: (_, x) => dateTime(x.lastUsedAt, i18n.language) },
          {
            title: t('common.actions'),
            render: (_, x) => (
              <Button size="small" danger onClick={() => submit(() => del(`/tokens/${x.id}`))}>
                {t('settings.revoke')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
