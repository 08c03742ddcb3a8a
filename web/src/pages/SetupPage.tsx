import { Alert, Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, post, setCsrf } from '../api/client.ts';
import { errorText, fieldErrorText } from '../api/errors.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { CurrencySelect, defaultsFor, PhoneRegionSelect, TimeZoneSelect } from '../components/RegionSelects.tsx';
import { LANGUAGES } from '../i18n/index.ts';
import { useSession } from '../session.tsx';

/** First run: the business and its owner. */
export function SetupPage() {
  const { t, i18n } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Currency, zone and phone region start from the browser's zone and language; each is a searchable choice.
  const initial = { locale: i18n.language, ...defaultsFor(i18n.language) };
  return (
    <div style={{ maxWidth: 520, margin: '6vh auto', padding: 16 }}>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <LanguageSwitch />
      </div>
      <Card title={<PageTitle title={t('auth.setupTitle')} />}>
        <p className="muted">{t('auth.setupIntro')}</p>
        {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 12 }} role="alert" />}
        <Form
          form={form}
          layout="vertical"
          initialValues={initial}
          onValuesChange={(changed) => {
            if (changed.locale) form.setFieldsValue(defaultsFor(changed.locale));
          }}
          onFinish={async (v) => {
            setBusy(true);
            setError(null);
            try {
              const r = await post<{ csrfToken: string }>('/setup', {
                tenant: {
                  name: v.tenantName,
                  locale: v.locale,
                  currency: v.currency,
                  timezone: v.timezone,
                  region: v.region,
                },
                owner: { name: v.ownerName, email: v.email, password: v.password },
              });
              setCsrf(r.csrfToken);
              await refresh();
              navigate('/');
            } catch (e) {
              if (e instanceof ApiError && e.errors.length) {
                form.setFields(e.errors.map((x) => ({ name: fieldOf(x.path), errors: [fieldErrorText(x)] })));
              }
              setError(errorText(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="tenantName" label={t('auth.businessName')} rules={[{ required: true }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item name="locale" label={t('auth.locale')}>
            <Select options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))} />
          </Form.Item>
          <Form.Item name="currency" label={t('auth.currency')}>
            <CurrencySelect />
          </Form.Item>
          <Form.Item name="timezone" label={t('auth.timezone')}>
            <TimeZoneSelect />
          </Form.Item>
          <Form.Item name="region" label={t('auth.region')}>
            <PhoneRegionSelect />
          </Form.Item>
          <Form.Item name="ownerName" label={t('auth.ownerName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 10 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('auth.setupButton')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

function fieldOf(path: string): string {
  const map: Record<string, string> = {
    'body.tenant.name': 'tenantName',
    'body.tenant.currency': 'currency',
    'body.tenant.timezone': 'timezone',
    'body.tenant.region': 'region',
    'body.owner.name': 'ownerName',
    'body.owner.email': 'email',
    'body.owner.password': 'password',
  };
  return map[path] ?? path;
}
