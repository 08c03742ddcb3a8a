import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { dateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { ROLES, useSubmit } from './common.ts';

export function Tokens() {
  const { t, i18n } = useTranslation();
  const me = useMe();
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
          name="token"
          layout="vertical"
          className="add-bar"
          onFinish={(v) =>
            submit(
              async () => setCreated((await post<{ token: string }>('/tokens', { name: v.name, role: v.role })).token),
              form,
            )
          }
        >
          <Form.Item name="name" label={t('settings.tokenName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('settings.role')}>
            <Select
              allowClear
              style={{ width: 120 }}
              options={ROLES.map((r) => ({ value: r, label: t(`settings.roles.${r}`) }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.create')}
            </Button>
          </Form.Item>
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
      <ResponsiveTable
        rowKey="id"
        dataSource={tokens.data?.data ?? []}
        columns={[
          { title: t('settings.tokenName'), dataIndex: 'name' },
          { title: t('settings.role'), render: (_, x) => t(`settings.roles.${x.role}`) },
          { title: t('settings.prefix'), render: (_, x) => <code>{x.prefix}…</code> },
          {
            title: t('settings.lastUsed'),
            render: (_, x) => dateTime(x.lastUsedAt, i18n.language, me.tenant.timezone),
          },
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
