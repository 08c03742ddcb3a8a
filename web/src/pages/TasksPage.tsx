import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, DatePicker, Form, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, qs } from '../api/client.ts';
import { showSaveError } from '../api/formErrors.ts';
import type { Task } from '../api/types.ts';
import { AddBar, SelectItem, TextItem } from '../components/AddBar.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { TaskList } from '../components/TaskList.tsx';
import { dateTimeFormat } from '../format.ts';

export default function TasksPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const list = useQuery({
    queryKey: ['tasks', status],
    queryFn: () => get<{ data: Task[] }>(`/tasks${qs({ status, limit: 200 })}`),
  });
  const [form] = Form.useForm();
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
            });
            form.resetFields(['title']);
            await Promise.all(['tasks', 'my-day'].map((k) => client.invalidateQueries({ queryKey: [k] })));
          } catch (e) {
            showSaveError(e, form);
          }
        }}
      >
        <TextItem name="title" label={t('tasks.task')} rules={[{ required: true }]} />
        <Form.Item name="dueAt" label={t('tasks.due')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format={dateTimeFormat(i18n.language)} />
        </Form.Item>
        <SelectItem
          name="priority"
          label={t('tasks.priority')}
          width={100}
          options={['low', 'normal', 'high'].map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))}
        />
      </AddBar>
      <Space style={{ marginBottom: 8 }}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as 'open' | 'done')}
          options={[
            { value: 'open', label: t('tasks.open') },
            { value: 'done', label: t('tasks.done') },
          ]}
        />
      </Space>
      <Card size="small">
        <TaskList tasks={list.data?.data ?? []} />
      </Card>
    </div>
  );
}
