import { Checkbox, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { AddBar, SelectItem, TextItem } from '../../components/AddBar.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { useFieldDefs } from '../../hooks.ts';
import { useSubmit } from './common.ts';

export function Fields() {
  const { t } = useTranslation();
  const fields = useFieldDefs();
  const [form] = Form.useForm();
  const submit = useSubmit('fields');
  return (
    <>
      <AddBar
        form={form}
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
        <TextItem name="key" label={t('settings.key')} rules={[{ required: true }]} />
        <TextItem name="label" label={t('settings.label')} rules={[{ required: true }]} />
        <SelectItem
          name="type"
          label={t('settings.fieldType')}
          width={130}
          options={['text', 'number', 'date', 'select', 'multiselect'].map((x) => ({
            value: x,
            label: t(`settings.fieldTypes.${x}`),
          }))}
        />
        <TextItem name="options" label={t('settings.options')} />
        <Form.Item name="required" valuePropName="checked">
          <Checkbox>{t('common.required')}</Checkbox>
        </Form.Item>
      </AddBar>
      <ResponsiveTable
        rowKey="id"
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
