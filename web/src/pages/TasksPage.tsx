import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, DatePicker, Form, Segmented, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, qs } from '../api/client.ts';
import { showSaveError } from '../api/formErrors.ts';
import type { Customer, CustomerSummary, Page, Task } from '../api/types.ts';
import { AddBar, SelectItem, TextItem } from '../components/AddBar.tsx';
import { useAssignees } from '../components/ChangeOwner.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { DATE_ICONS } from '../components/pickerIcons.tsx';
import { TaskList } from '../components/TaskList.tsx';
import { dateTimeFormat } from '../format.ts';
import { useDebounced } from '../hooks.ts';
import { useMe } from '../session.tsx';

/** A customer to link a task to: search as you type, like the list's search box. */
function CustomerPicker(props: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 200);
  const found = useQuery({
    queryKey: ['customer-pick', dq],
    queryFn: () => get<Page<CustomerSummary>>(`/customers${qs({ q: dq || undefined, limit: 10 })}`),
  });
  return (
    <Select
      {...props}
      allowClear
      showSearch
      filterOption={false}
      onSearch={setQ}
      style={{ width: 180 }}
      aria-label={t('tasks.customer')}
      placeholder={t('tasks.customer')}
      data-testid="task-customer"
      options={(found.data?.data ?? []).map((c) => ({
        value: c.id,
        label: c.primaryPhone ? `${c.name} · ${c.primaryPhone}` : c.name,
      }))}
    />
  );
}

const TEAM = '__team';

/** Tasks: add one (linked to a customer and one of its contacts, for me or a colleague within reach); see mine or the team's. */
export default function TasksPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const [whose, setWhose] = useState<string>('me');
  const people = useAssignees('task');
  const colleagues = (people.data?.data ?? []).filter((u) => u.id !== me.user.id);
  // The API lists one assignee at a time: the team view asks for each colleague within reach and merges.
  const list = useQuery({
    queryKey: ['tasks', status, whose, colleagues.map((u) => u.id).join(',')],
    queryFn: async () => {
      const ids = whose === TEAM ? ['me', ...colleagues.map((u) => u.id)] : [whose];
      const pages = await Promise.all(
        ids.map((a) => get<{ data: Task[] }>(`/tasks${qs({ status, assignee: a, limit: 200 })}`)),
      );
      return pages.flatMap((p) => p.data).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    },
  });
  const [form] = Form.useForm();
  const customerId = Form.useWatch('customerId', form) as string | undefined;
  const customer = useQuery({
    queryKey: ['customer-contacts', customerId],
    queryFn: () => get<Customer>(`/customers/${customerId}`),
    enabled: !!customerId,
  });
  const contacts = customer.data?.kind === 'organization' ? customer.data.contacts : [];
  // A contact belongs to the customer chosen: choosing another customer forgets it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the chosen customer changes
  useEffect(() => {
    form.setFieldsValue({ contactId: undefined });
  }, [customerId, form]);
  return (
    <div className="page">
      <PageTitle title={t('nav.tasks')} />
      <AddBar
        form={form}
        title={t('tasks.new')}
        initialValues={{ priority: 'normal', dueAt: dayjs().add(1, 'day').hour(10).minute(0) }}
        onFinish={async (v) => {
          try {
            await post('/tasks', {
              title: v.title,
              dueAt: (v.dueAt as dayjs.Dayjs).toISOString(),
              priority: v.priority,
              customerId: v.customerId ?? null,
              contactId: v.contactId ?? null,
              ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}),
            });
            form.resetFields(['title', 'customerId', 'contactId']);
            await Promise.all(['tasks', 'my-day'].map((k) => client.invalidateQueries({ queryKey: [k] })));
          } catch (e) {
            showSaveError(e, form);
          }
        }}
      >
        <TextItem name="title" label={t('tasks.task')} rules={[{ required: true }]} />
        <Form.Item name="dueAt" label={t('tasks.due')}>
          <DatePicker {...DATE_ICONS} showTime={{ format: 'HH:mm' }} format={dateTimeFormat(i18n.language)} />
        </Form.Item>
        <SelectItem
          name="priority"
          label={t('tasks.priority')}
          width={100}
          options={['low', 'normal', 'high'].map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))}
        />
        <Form.Item name="customerId" label={t('tasks.customer')}>
          <CustomerPicker />
        </Form.Item>
        {contacts.length > 0 && (
          <SelectItem
            name="contactId"
            label={t('taskForm.contact')}
            width={150}
            options={contacts.map((l) => ({ value: l.personId, label: `${l.personName} · ${t(`roles.${l.role}`)}` }))}
          />
        )}
        {colleagues.length > 0 && (
          <SelectItem
            name="assigneeId"
            label={t('taskForm.assignee')}
            width={140}
            options={(people.data?.data ?? []).map((u) => ({
              value: u.id,
              label: u.id === me.user.id ? t('taskForm.me') : u.name,
            }))}
          />
        )}
      </AddBar>
      <Space style={{ marginBottom: 8 }} wrap>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as 'open' | 'done')}
          options={[
            { value: 'open', label: t('tasks.open') },
            { value: 'done', label: t('tasks.done') },
          ]}
        />
        {colleagues.length > 0 && (
          <Select
            value={whose}
            onChange={setWhose}
            style={{ width: 160 }}
            aria-label={t('taskForm.whose')}
            data-testid="task-whose"
            options={[
              { value: 'me', label: t('taskForm.mine') },
              { value: TEAM, label: t('taskForm.team') },
              ...colleagues.map((u) => ({ value: u.id, label: u.name })),
            ]}
          />
        )}
      </Space>
      <Card size="small">
        <TaskList tasks={list.data ?? []} showAssignee={whose !== 'me'} />
      </Card>
    </div>
  );
}
