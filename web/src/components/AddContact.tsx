import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, qs } from '../api/client.ts';
import { showSaveError } from '../api/formErrors.ts';
import type { CustomerSummary, Page } from '../api/types.ts';
import { useDebounced } from '../hooks.ts';
import { customerField } from './CustomerForm.tsx';
import { SaveDialog } from './SaveDialog.tsx';

/** Linking an existing or new person to an organization with a role. */
export function AddContact({ orgId, onDone }: { orgId: string; onDone: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const dq = useDebounced(search, 200);
  const people = useQuery({
    queryKey: ['people', dq],
    queryFn: () => get<Page<CustomerSummary>>(`/customers${qs({ q: dq, kind: 'person', limit: 20 })}`),
    enabled: open,
  });
  const [form] = Form.useForm();
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('customer.addContact')}
      </Button>
      <SaveDialog
        open={open}
        title={t('customer.addContact')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ role: 'operator' }}
          onFinish={async (v) => {
            try {
              await post(`/customers/${orgId}/contacts`, {
                ...(v.personId
                  ? { personId: v.personId }
                  : {
                      person: {
                        familyName: v.familyName,
                        givenName: v.givenName || null,
                        channels: v.phone ? [{ kind: 'phone', value: v.phone }] : [],
                      },
                    }),
                role: v.role,
                title: v.title || null,
              });
              setOpen(false);
              await onDone();
            } catch (e) {
              // A new person's fields are flat inputs of this form.
              showSaveError(e, form, (path) => customerField(path.replace(/^body\.person\./, 'body.')));
            }
          }}
        >
          <Form.Item name="personId" label={t('customer.person')}>
            <Select
              showSearch
              allowClear
              filterOption={false}
              onSearch={setSearch}
              options={(people.data?.data ?? []).map((p) => ({
                value: p.id,
                label: `${p.name}${p.primaryPhone ? ` · ${p.primaryPhone}` : ''}`,
              }))}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item name="familyName" label={t('customer.familyName')}>
              <Input />
            </Form.Item>
            <Form.Item name="givenName" label={t('customer.givenName')}>
              <Input />
            </Form.Item>
            <Form.Item name="phone" label={t('customer.phone')}>
              <Input />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="role" label={t('customer.role')}>
              <Select
                style={{ width: 160 }}
                options={['decision_maker', 'operator', 'influencer', 'finance', 'other'].map((r) => ({
                  value: r,
                  label: t(`roles.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="title" label={t('customer.title')}>
              <Input />
            </Form.Item>
          </Space>
        </Form>
      </SaveDialog>
    </>
  );
}
