import { Select, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../components/PageTitle.tsx';
import { useIsPhone } from '../hooks.ts';
import { useMe } from '../session.tsx';
import { Audit } from './settings/Audit.tsx';
import { Business } from './settings/Business.tsx';
import { Fields } from './settings/Fields.tsx';
import { Jobs } from './settings/Jobs.tsx';
import { Lists } from './settings/Lists.tsx';
import { Notifications } from './settings/Notifications.tsx';
import { Products } from './settings/Products.tsx';
import { Teams } from './settings/Teams.tsx';
import { Tokens } from './settings/Tokens.tsx';
import { Users } from './settings/Users.tsx';

/**
 * Settings: business profile, users, teams, API tokens, my notifications, custom fields, grades and sources,
 * products, audit log, background jobs and the mail log.
 * The section is in the address (`?tab=users`); a phone picks it from a list (eight tabs do not fit 390 px, and
 * antd's overflow menu is an unnamed button inside the tab list).
 */
export default function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.permissions.includes('user.manage');
  // Background jobs and the mail log: owners and admins (jobs.manage).
  const operator = me.permissions.includes('jobs.manage');
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const items = [
    { key: 'business', label: t('settings.business'), children: <Business /> },
    { key: 'users', label: t('settings.users'), children: <Users /> },
    { key: 'teams', label: t('settings.teams'), children: <Teams /> },
    { key: 'tokens', label: t('settings.tokens'), children: <Tokens /> },
    { key: 'notifications', label: t('settings.notifications'), children: <Notifications /> },
    ...(admin
      ? [
          { key: 'fields', label: t('settings.fields'), children: <Fields /> },
          { key: 'lists', label: t('settings.lists'), children: <Lists /> },
          { key: 'products', label: t('settings.products'), children: <Products /> },
          { key: 'audit', label: t('settings.audit'), children: <Audit /> },
        ]
      : []),
    ...(operator ? [{ key: 'jobs', label: t('settings.jobs'), children: <Jobs /> }] : []),
  ];
  const active = items.some((i) => i.key === params.get('tab')) ? (params.get('tab') as string) : 'business';
  const open = (tab: string) => setParams({ tab }, { replace: true });
  return (
    <div className="page">
      <PageTitle title={t('settings.title')} />
      {phone ? (
        <>
          <Select
            aria-label={t('settings.section')}
            prefix={<span className="filter-prefix">{`${t('settings.section')}${t('common.colon')}`}</span>}
            style={{ width: '100%', marginBottom: 12 }}
            value={active}
            onChange={open}
            options={items.map((i) => ({ value: i.key, label: i.label }))}
            data-testid="settings-section"
          />
          {items.find((i) => i.key === active)?.children}
        </>
      ) : (
        // The tab switches at once (its own state); the address follows for links and reloads.
        <Tabs items={items} defaultActiveKey={active} onChange={open} />
      )}
    </div>
  );
}
