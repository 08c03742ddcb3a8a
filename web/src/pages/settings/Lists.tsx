import { Card, Form, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { AddBar, SelectItem, TextItem } from '../../components/AddBar.tsx';
import { usePicklistLabel, usePicklists } from '../../hooks.ts';

import { useSubmit } from './common.ts';

export function Lists() {
  const { t, i18n } = useTranslation();
  const lists = usePicklists();
  const label = usePicklistLabel();
  const [form] = Form.useForm();
  const submit = useSubmit('picklists');
  const names = ['grade', 'source', 'stage', 'industry'] as const;
  return (
    <>
      <AddBar
        form={form}
        initialValues={{ list: 'source' }}
        onFinish={(v) =>
          submit(
            () => post(`/picklists/${v.list}`, { code: v.code, label: v.label, description: v.description || null }),
            form,
          )
        }
      >
        <SelectItem
          name="list"
          label={t('settings.list')}
          width={130}
          options={names.map((n) => ({ value: n, label: t(`settings.lists_.${n}`) }))}
        />
        <TextItem name="code" label={t('settings.code')} rules={[{ required: true }]} />
        <TextItem name="label" label={t('settings.label')} rules={[{ required: true }]} />
        <TextItem name="description" label={t('settings.description')} />
      </AddBar>
      {names.map((n) => (
        <Card key={n} size="small" title={t(`settings.lists_.${n}`)} style={{ marginBottom: 12 }}>
          {(lists.data?.[n] ?? []).map((i) => {
            // Built-in grades explain themselves in the user's language; a business's own items as it wrote them.
            const description =
              i.builtin && i18n.exists(`grades.${i.code}`) && n === 'grade' ? t(`grades.${i.code}`) : i.description;
            return description ? (
              <div key={i.code} style={{ marginBottom: 4 }}>
                <Tag color={i.builtin ? 'default' : 'gold'}>{label(n, i.code)}</Tag>
                <span className="muted">{description}</span>
              </div>
            ) : (
              <Tag key={i.code} color={i.builtin ? 'default' : 'gold'}>
                {label(n, i.code)}
              </Tag>
            );
          })}
        </Card>
      ))}
    </>
  );
}
