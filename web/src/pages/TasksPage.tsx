import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, message, Segmented, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post, qs } from '../api/client.ts';
import type { Task } from '../api/types.ts';
import { TaskList } from '../components/TaskList.tsx';

export default function TasksPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const list = useQuery({
    queryKey: ['tasks', status],
    queryFn: () => get<{ data: Task[] }>(`/tasks${qs({ status, limit: 200 })}`),
  });
  const [form] = Form.useForm();
  return (
    <div className="page">
      <Card size="small" title={t('tasks.new')} style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
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
              if (e instanceof ApiError) message.error(e.errors.map((x) => x.message).join('; ') || e.message);
            }
          }}
        >
          <Form.Item name="title" rules={[{ required: true }]}>
            <Input placeholder={t('tasks.task')} aria-label={t('tasks.task')} />
          </Form.Item>
          <Form.Item name="dueAt">
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('tasks.due')} />
          </Form.Item>
          <Form.Item name="priority">
            <Select
              style={{ width: 100 }}
              aria-label={t('tasks.priority')}
              options={['low', 'normal', 'high'].map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.add')}
          </Button>
        </Form>
      </Card>
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
