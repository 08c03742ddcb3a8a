import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, List, message, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, put } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';
import type { NotificationPrefs } from '../../api/types.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { kindLabel, NOTIFICATION_KINDS } from '../../components/notificationText.ts';
import { useMe } from '../../session.tsx';

const KEY = ['notification-prefs'];

/**
 * My notifications: in the app they always come (under the bell); per kind I choose whether an e-mail comes too.
 * Each switch saves at once. When the server says it cannot send mail, the switches stay and a note says so.
 */
export function Notifications() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const prefs = useQuery({ queryKey: KEY, queryFn: () => get<NotificationPrefs>('/notifications/preferences') });
  const mailEnabled = prefs.data?.mailEnabled ?? me.tenant.mailEnabled;
  // Every kind the server knows, and the ones this build knows before the server has saved anything for them.
  const known = prefs.data?.kinds ?? [];
  const kinds = [
    ...NOTIFICATION_KINDS.map((kind) => known.find((k) => k.kind === kind) ?? { kind, email: false }),
    ...known.filter((k) => !NOTIFICATION_KINDS.includes(k.kind)),
  ];
  const label = (kind: string) => kindLabel(kind, t, (k) => i18n.exists(k));

  const toggle = async (kind: string, email: boolean) => {
    const next = { kinds: kinds.map((k) => (k.kind === kind ? { ...k, email } : k)) };
    client.setQueryData<NotificationPrefs>(KEY, (d) => ({ ...d, kinds: next.kinds }));
    try {
      client.setQueryData(KEY, { ...(await put<NotificationPrefs>('/notifications/preferences', next)) });
      message.success(t('common.saved'));
    } catch (e) {
      message.error(errorText(e));
      await client.invalidateQueries({ queryKey: KEY });
    }
  };

  if (prefs.isError) return <LoadError error={prefs.error} retry={() => prefs.refetch()} />;
  return (
    <>
      <Typography.Paragraph>{t('notifications.prefsLead')}</Typography.Paragraph>
      {mailEnabled !== true && (
        <Alert
          type={mailEnabled === false ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          message={mailEnabled === false ? t('notifications.mailOff') : t('notifications.mailMaybe')}
          data-testid="mail-note"
        />
      )}
      <List
        bordered
        loading={prefs.isPending}
        dataSource={prefs.isPending ? [] : kinds}
        data-testid="notification-prefs"
        style={{ background: '#fff', maxWidth: 640 }}
        header={
          <div className="pref-row" aria-hidden>
            <strong>{t('notifications.kind')}</strong>
            <strong>{t('notifications.email')}</strong>
          </div>
        }
        renderItem={(k) => (
          <List.Item key={k.kind}>
            <div className="pref-row">
              <label htmlFor={`email-${k.kind}`}>{label(k.kind)}</label>
              <Switch
                id={`email-${k.kind}`}
                checked={k.email}
                onChange={(v) => toggle(k.kind, v)}
                aria-label={t('notifications.emailFor', { kind: label(k.kind) })}
                data-testid={`email-${k.kind}`}
              />
            </div>
          </List.Item>
        )}
      />
    </>
  );
}
