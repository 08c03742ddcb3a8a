import { Button, Card, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post } from '../api/client.ts';
import { showSaveError } from '../api/formErrors.ts';
import type { Customer } from '../api/types.ts';
import { CustomerFields, type CustomerFormValues, customerField, toBody } from '../components/CustomerForm.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useFieldDefs } from '../hooks.ts';

export default function NewCustomerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<CustomerFormValues>();
  const [busy, setBusy] = useState(false);
  const defs = useFieldDefs();
  return (
    <div className="page" style={{ maxWidth: 720 }}>
      <PageTitle title={t('customer.new')} />
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'person' }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              const c = await post<Customer>('/customers', toBody(v, defs.data?.data ?? []));
              navigate(`/customers/${c.id}`);
            } catch (e) {
              showSaveError(e, form, customerField);
            } finally {
              setBusy(false);
            }
          }}
        >
          <CustomerFields form={form} checkDuplicates />
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.create')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
