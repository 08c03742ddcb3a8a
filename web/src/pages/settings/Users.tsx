import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, Input, Select, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { useMe } from '../../session.tsx';

import { ROLES, useSubmit } from './common.ts';

export function Users() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<{ data: User[] }>('/users?limit=200') });
  const [form] = Form.useForm();
  const submit = useSubmit(() => client.invalidateQueries({ queryKey: ['users'] }));
  const admin = me.permissions.includes('user.manage');
  return (
    <>
      {admin && (
        <Card size="small" title={t('settings.addUser')} style={{ marginBottom: 16 }}>
          <Form
            form={form}
            layout="inline"
            initialValues={{ role: 'sales' }}
            onFinish={(v) =>
              submit(
                () =>
                  post('/users', {
                    email: v.email,
                    name: v.name,
                    role: v.role,
                    ...(v.invite ? { invite: true } : { password: v.password }),
                  }),
                form,
              )
            }
          >
            <Form.Item name="name" rules={[{ required: true }]}>
              <Input placeholder={t('common.name')} aria-label={t('common.name')} />
            </Form.Item>
            <Form.Item name="email" rules={[{ required: true, type: 'email' }]}>
              <Input placeholder={t('auth.email')} aria-label={t('auth.email')} />
            </Form.Item>
            <Form.Item name="role">
              <Select
                style={{ width: 120 }}
                aria-label={t('settings.role')}
                options={ROLES.map((r) => ({ value: r, label: t(`settings.roles.${r}`) }))}
              />
            </Form.Item>
            <Form.Item name="password">
              <Input.Password placeholder={t('auth.password')} aria-label={t('auth.password')} />
            </Form.Item>
            <Form.Item name="invite" valuePropName="checked">
              <Checkbox>{t('settings.invite')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.add')}
            </Button>
          </Form>
        </Card>
      )}
      <Table<User>
        rowKey="id"
        size="small"
        dataSource={users.data?.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('auth.email'), dataIndex: 'email' },
          { title: t('settings.role'), render: (_, u) => t(`settings.roles.${u.role}`) },
          {
            title: t('settings.active'),
            render: (_, u) => (u.active ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
          },
          ...(admin
            ? [
                {
                  title: t('common.actions'),
                  render: (_: unknown, u: User) =>
                    u.id !== me.user.id && (
                      <Button size="small" onClick={() => submit(() => patch(`/users/${u.id}`, { active: !u.active }))}>
                        {u.active ? t('settings.deactivate') : t('settings.reactivate')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
