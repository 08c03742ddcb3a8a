import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, message, Select, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, get, patch, post, qs } from '../api/client.ts';
import type { CustomField, Page, Tenant, User } from '../api/types.ts';
import { dateTime } from '../format.ts';
import { usePicklistLabel, usePicklists } from '../hooks.ts';
import { useMe } from '../session.tsx';

const ROLES = ['owner', 'admin', 'manager', 'sales', 'service'];

function useSubmit(after: () => Promise<unknown>) {
  return async (fn: () => Promise<unknown>, form?: ReturnType<typeof Form.useForm>[0]) => {
    try {
      await fn();
      message.success('✓');
      form?.resetFields();
      await after();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length && form)
        form.setFields(e.errors.map((x) => ({ name: x.path.replace(/^body\./, ''), errors: [x.message] })));
      else message.error((e as Error).message);
    }
  };
}

/** Settings: business profile, users, teams, API tokens, custom fields, grades and sources, audit log. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.permissions.includes('user.manage');
  const items = [
    { key: 'business', label: t('settings.business'), children: <Business /> },
    { key: 'users', label: t('settings.users'), children: <Users /> },
    { key: 'teams', label: t('settings.teams'), children: <Teams /> },
    { key: 'tokens', label: t('settings.tokens'), children: <Tokens /> },
    ...(admin
      ? [
          { key: 'fields', label: t('settings.fields'), children: <Fields /> },
          { key: 'lists', label: t('settings.lists'), children: <Lists /> },
          { key: 'audit', label: t('settings.audit'), children: <Audit /> },
        ]
      : []),
  ];
  return (
    <div className="page">
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      <Tabs items={items} />
    </div>
  );
}

function Business() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const [form] = Form.useForm<Tenant>();
  const submit = useSubmit(() => client.invalidateQueries({ queryKey: ['me'] }));
  const canEdit = me.permissions.includes('tenant.manage');
  return (
    <Card size="small" style={{ maxWidth: 560 }}>
      <Form
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={me.tenant}
        onFinish={(v) =>
          submit(
            () =>
              patch('/tenant', {
                name: v.name,
                currency: v.currency,
                timezone: v.timezone,
                phoneRegion: v.phoneRegion,
                locale: v.locale,
              }),
            undefined,
          )
        }
      >
        <Form.Item name="name" label={t('auth.businessName')}>
          <Input />
        </Form.Item>
        <Form.Item name="locale" label={t('auth.locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'ja', label: '日本語' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        <Form.Item name="currency" label={t('auth.currency')}>
          <Input />
        </Form.Item>
        <Form.Item name="timezone" label={t('auth.timezone')}>
          <Input />
        </Form.Item>
        <Form.Item name="phoneRegion" label={t('auth.region')}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function Users() {
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

function Teams() {
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

function Tokens() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
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
  const submit = useSubmit(() => client.invalidateQueries({ queryKey: ['tokens'] }));
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

function Fields() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fields = useQuery({ queryKey: ['fields'], queryFn: () => get<{ data: CustomField[] }>('/custom-fields') });
  const [form] = Form.useForm();
  const submit = useSubmit(() => client.invalidateQueries({ queryKey: ['fields'] }));
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
          initialValues={{ type: 'text' }}
          onFinish={(v) =>
            submit(
              () =>
                post('/custom-fields', {
                  key: v.key,
                  label: v.label,
                  type: v.type,
                  options: v.options
                    ? String(v.options)
                        .split(/[,，、]/)
                        .map((s: string) => s.trim())
                        .filter(Boolean)
                    : [],
                  required: !!v.required,
                }),
              form,
            )
          }
        >
          <Form.Item name="key" rules={[{ required: true }]}>
            <Input placeholder={t('settings.key')} aria-label={t('settings.key')} />
          </Form.Item>
          <Form.Item name="label" rules={[{ required: true }]}>
            <Input placeholder={t('settings.label')} aria-label={t('settings.label')} />
          </Form.Item>
          <Form.Item name="type">
            <Select
              style={{ width: 130 }}
              aria-label={t('settings.fieldType')}
              options={['text', 'number', 'date', 'select', 'multiselect'].map((x) => ({
                value: x,
                label: t(`settings.fieldTypes.${x}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="options">
            <Input placeholder={t('settings.options')} aria-label={t('settings.options')} />
          </Form.Item>
          <Form.Item name="required" valuePropName="checked">
            <Checkbox>{t('common.required')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.add')}
          </Button>
        </Form>
      </Card>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={fields.data?.data ?? []}
        columns={[
          { title: t('settings.key'), dataIndex: 'key' },
          { title: t('settings.label'), dataIndex: 'label' },
          { title: t('settings.fieldType'), render: (_, f) => t(`settings.fieldTypes.${f.type}`) },
          { title: t('settings.options'), render: (_, f) => f.options.join(', ') },
          { title: t('common.required'), render: (_, f) => (f.required ? t('common.yes') : t('common.no')) },
        ]}
      />
    </>
  );
}

function Lists() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const lists = usePicklists();
  const label = usePicklistLabel();
  const [form] = Form.useForm();
  const submit = useSubmit(() => client.invalidateQueries({ queryKey: ['picklists'] }));
  const names = ['grade', 'source', 'stage', 'industry'] as const;
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
          initialValues={{ list: 'source' }}
          onFinish={(v) =>
            submit(
              () => post(`/picklists/${v.list}`, { code: v.code, label: v.label, description: v.description || null }),
              form,
            )
          }
        >
          <Form.Item name="list">
            <Select
              style={{ width: 130 }}
              aria-label={t('settings.list')}
              options={names.map((n) => ({ value: n, label: t(`settings.lists_.${n}`) }))}
            />
          </Form.Item>
          <Form.Item name="code" rules={[{ required: true }]}>
            <Input placeholder={t('settings.code')} aria-label={t('settings.code')} />
          </Form.Item>
          <Form.Item name="label" rules={[{ required: true }]}>
            <Input placeholder={t('settings.label')} aria-label={t('settings.label')} />
          </Form.Item>
          <Form.Item name="description">
            <Input placeholder={t('settings.description')} aria-label={t('settings.description')} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.add')}
          </Button>
        </Form>
      </Card>
      {names.map((n) => (
        <Card key={n} size="small" title={t(`settings.lists_.${n}`)} style={{ marginBottom: 12 }}>
          {(lists.data?.[n] ?? []).map((i) => (
            <Tag key={i.code} color={i.builtin ? 'default' : 'gold'} title={i.description ?? undefined}>
              {label(n, i.code, i.label)}
            </Tag>
          ))}
        </Card>
      ))}
    </>
  );
}

interface AuditRow {
  id: string;
  at: string;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

function Audit() {
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
