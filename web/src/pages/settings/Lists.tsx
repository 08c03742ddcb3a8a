import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { usePicklistLabel, usePicklists } from '../../hooks.ts';

import { useSubmit } from './common.ts';

export function Lists() {
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
