import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, Input, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client.ts';
import type { CustomField } from '../../api/types.ts';

import { useSubmit } from './common.ts';

export function Fields() {
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
