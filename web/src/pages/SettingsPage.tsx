import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle.tsx';
import { useMe } from '../session.tsx';
import { Audit } from './settings/Audit.tsx';
import { Business } from './settings/Business.tsx';
import { Fields } from './settings/Fields.tsx';
import { Lists } from './settings/Lists.tsx';
import { Products } from './settings/Products.tsx';
import { Teams } from './settings/Teams.tsx';
import { Tokens } from './settings/Tokens.tsx';
import { Users } from './settings/Users.tsx';

/** Settings: business profile, users, teams, API tokens, custom fields, grades and sources, products, audit log. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.permissions.includes('user.manage');
  const items = [
    { key: 'business', label: t('settings.business'), children: <Business /> },
    { key: 'users', label: t('settings.users'), children: <Users /> },
    { key: 'teams', label: t('settings.teams'), children: <Teams /> },
    { key: 'tokens', label: t('settings.tokens'), children: <Tokens /> },
    ...(admin
      ? [
          { key: 'fields', label: t('settings.fields'), children: <Fields /> },
          { key: 'lists', label: t('settings.lists'), children: <Lists /> },
          { key: 'products', label: t('settings.products'), children: <Products /> },
          { key: 'audit', label: t('settings.audit'), children: <Audit /> },
        ]
      : []),
  ];
  return (
    <div className="page">
      <PageTitle title={t('settings.title')} />
      <Tabs items={items} />
    </div>
  );
}
