import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Form, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { AddBar, SelectItem, TextItem } from '../../components/AddBar.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { useMe } from '../../session.tsx';
import { ROLES, useSubmit } from './common.ts';

export function Users() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<{ data: User[] }>('/users?limit=200') });
  const [form] = Form.useForm();
  const submit = useSubmit('users');
  const admin = me.permissions.includes('user.manage');
  return (
    <>
      {admin && (
        <AddBar
          form={form}
          title={t('settings.addUser')}
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
          <TextItem name="name" label={t('common.name')} rules={[{ required: true }]} />
          <TextItem name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]} />
          <SelectItem
            name="role"
            label={t('settings.role')}
            width={120}
            options={ROLES.map((r) => ({ value: r, label: t(`settings.roles.${r}`) }))}
          />
          <TextItem name="password" label={t('auth.password')} password />
          <Form.Item name="invite" valuePropName="checked">
            <Checkbox>{t('settings.invite')}</Checkbox>
          </Form.Item>
        </AddBar>
      )}
      <ResponsiveTable<User>
        rowKey="id"
        dataSource={users.data?.data ?? []}
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
