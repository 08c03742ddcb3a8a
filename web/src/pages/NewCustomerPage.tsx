import { Button, Card, Form, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import type { Customer } from '../api/types.ts';
import { CustomerFields, type CustomerFormValues, formField, toBody } from '../components/CustomerForm.tsx';

export default function NewCustomerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<CustomerFormValues>();
  const [busy, setBusy] = useState(false);
  return (
    <div className="page" style={{ maxWidth: 720 }}>
      <Card title={t('customer.new')}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'person' }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              const c = await post<Customer>('/customers', toBody(v));
              navigate(`/customers/${c.id}`);
            } catch (e) {
              if (e instanceof ApiError && e.errors.length)
                form.setFields(
                  e.errors.map((x) => ({ name: formField(x.path) as keyof CustomerFormValues, errors: [x.message] })),
                );
              else message.error((e as Error).message);
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
