import { useQuery } from '@tanstack/react-query';
import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client.ts';
import { AddBar, SelectItem, TextItem } from '../../components/AddBar.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { useMe } from '../../session.tsx';
import { useSubmit } from './common.ts';

export function Teams() {
  const { t } = useTranslation();
  const me = useMe();
  const units = useQuery({
    queryKey: ['units'],
    queryFn: () => get<{ data: { id: string; name: string; kind: string; parentId: string | null }[] }>('/org-units'),
  });
  const [form] = Form.useForm();
  const submit = useSubmit('units');
  const byId = new Map((units.data?.data ?? []).map((u) => [u.id, u.name]));
  return (
    <>
      {me.permissions.includes('org.manage') && (
        <AddBar
          form={form}
          initialValues={{ kind: 'team' }}
          onFinish={(v) =>
            submit(() => post('/org-units', { name: v.name, kind: v.kind, parentId: v.parentId ?? null }), form)
          }
        >
          <TextItem name="name" label={t('common.name')} rules={[{ required: true }]} />
          <SelectItem
            name="kind"
            label={t('settings.kind')}
            width={110}
            options={[
              { value: 'department', label: t('settings.department') },
              { value: 'team', label: t('settings.teamKind') },
            ]}
          />
          <SelectItem
            name="parentId"
            label={t('settings.parent')}
            width={160}
            clearable
            options={(units.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </AddBar>
      )}
      <ResponsiveTable
        rowKey="id"
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
