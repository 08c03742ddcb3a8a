import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ApiError, post, setCsrf } from '../api/client.ts';
import { errorText } from '../api/errors.ts';
import type { Me } from '../api/types.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useSession } from '../session.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [needTenant, setNeedTenant] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [info, setInfo] = useState<string | null>(null);
  const [form] = Form.useForm();
  if (me) return <Navigate to="/" replace />;
  return (
    <div style={{ maxWidth: 380, margin: '10vh auto', padding: 16 }}>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <LanguageSwitch />
      </div>
      <Card title={<PageTitle text={t('auth.signIn')} title={`${t('app.name')} · ${t('auth.signIn')}`} />}>
        <p className="muted">{t('app.tagline')}</p>
        {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 12 }} role="alert" />}
        {info && <Alert type="info" message={info} showIcon style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { email: string; password: string; tenant?: string }) => {
            setBusy(true);
            setError(null);
            try {
              const r = await post<Me>('/auth/login', v);
              setCsrf(r.csrfToken);
              await refresh();
              navigate('/');
            } catch (e) {
              if (e instanceof ApiError && e.code === 'tenant_required')
                setNeedTenant((e.body.tenants as string[]) ?? []);
              setError(e instanceof ApiError && e.status === 401 ? t('auth.wrong') : errorText(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {needTenant && (
            <Form.Item name="tenant" label={t('auth.tenant')} rules={[{ required: true }]}>
              <Input list="tenants" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('auth.signIn')}
          </Button>
          <Button
            type="link"
            block
            style={{ marginTop: 8 }}
            onClick={async () => {
              const email = form.getFieldValue('email');
              if (!email) return void form.validateFields(['email']);
              const r = await post<{ mailEnabled: boolean }>('/auth/password-reset', { email }).catch(() => null);
              setInfo(r?.mailEnabled === false ? t('auth.resetNoMail') : t('auth.resetSent'));
            }}
          >
            {t('auth.forgot')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
