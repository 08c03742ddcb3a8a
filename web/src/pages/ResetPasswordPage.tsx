import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import { errorText } from '../api/errors.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PageTitle } from '../components/PageTitle.tsx';

/** Where password-reset and invitation links land: choose a password, then sign in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const token = params.get('token') ?? '';
  return (
    <div style={{ maxWidth: 380, margin: '10vh auto', padding: 16 }}>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <LanguageSwitch />
      </div>
      <Card title={<PageTitle title={t('auth.choosePassword')} />}>
        {done ? (
          <Alert
            type="success"
            showIcon
            message={t('auth.passwordSet')}
            action={<Link to="/login">{t('auth.signIn')}</Link>}
          />
        ) : (
          <Form
            layout="vertical"
            onFinish={async (v: { password: string }) => {
              setError(null);
              try {
                await post('/auth/password-reset/confirm', { token, password: v.password });
                setDone(true);
              } catch (e) {
                setError(e instanceof ApiError && e.code === 'invalid_token' ? t('auth.linkExpired') : errorText(e));
              }
            }}
          >
            {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} role="alert" />}
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 10 }]}>
              <Input.Password autoComplete="new-password" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block>
              {t('common.save')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
