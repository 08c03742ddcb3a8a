import { useQuery } from '@tanstack/react-query';
import { Badge, ConfigProvider, Layout, Menu, Skeleton } from 'antd';
import enUS from 'antd/locale/en_US';
import jaJP from 'antd/locale/ja_JP';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { get, post } from './api/client.ts';
import { CUSTOMERS_FIRST_PAGE, fetchEarly } from './api/early.ts';
import type { MyDay } from './api/types.ts';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { NotificationBell } from './components/NotificationBell.tsx';
import { focusScreen } from './components/PageTitle.tsx';
import { type Lang, pickLanguage } from './i18n/index.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { SessionProvider, useSession } from './session.tsx';

const MyDayPage = lazy(() => import('./pages/MyDayPage.tsx'));
// The list's first page is asked for while its code loads (api/early.ts).
const CustomersPage = lazy(() => {
  fetchEarly(CUSTOMERS_FIRST_PAGE);
  return import('./pages/CustomersPage.tsx');
});
const CustomerPage = lazy(() => import('./pages/CustomerPage.tsx'));
const DuplicatesPage = lazy(() => import('./pages/DuplicatesPage.tsx'));
const NewCustomerPage = lazy(() => import('./pages/NewCustomerPage.tsx'));
const PrintCardPage = lazy(() => import('./pages/PrintCardPage.tsx'));
const TasksPage = lazy(() => import('./pages/TasksPage.tsx'));
const SettingsPage = lazy(() => import('./pages/SettingsPage.tsx'));

const ANTD_LOCALES = { 'zh-CN': zhCN, ja: jaJP, en: enUS } as const;

/**
 * Text colours at WCAG AA on white: antd's tertiary (field labels, 3.4:1) and quaternary (empty states, 1.8:1) are
 * darkened to ≥ 4.5:1. Buttons get no space between two CJK characters ("作 成", "查 重" read as two words).
 */
const THEME = {
  token: {
    colorPrimary: '#8a5a00',
    colorLink: '#7a4f00',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
};
const Loading = () => (
  <Skeleton active paragraph={{ rows: 6 }} style={{ padding: 24, maxWidth: 1200, margin: '0 auto' }} />
);

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={ANTD_LOCALES[i18n.language as Lang] ?? enUS}
      theme={THEME}
      button={{ autoInsertSpace: false }}
    >
      <BrowserRouter>
        <SessionProvider>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/setup" element={<SetupPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
            <Route
              path="/customers/:id/print"
              element={
                <Guard>
                  <PrintCardPage />
                </Guard>
              }
            />
            <Route
              path="*"
              element={
                <Guard>
                  <Shell />
                </Guard>
              }
            />
          </Routes>
        </SessionProvider>
      </BrowserRouter>
    </ConfigProvider>
  );
}

/** Signed-in pages only; language follows the user's setting. */
function Guard({ children }: { children: React.ReactNode }) {
  const { me } = useSession();
  const { i18n } = useTranslation();
  useEffect(() => {
    if (me && !localStorage.getItem('granary.lang')) void i18n.changeLanguage(pickLanguage(me.user.locale));
  }, [me, i18n]);
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => get<{ needed: boolean }>('/setup'), enabled: !me });
  if (me) return <Suspense fallback={<Loading />}>{children}</Suspense>;
  if (setup.isPending) return null;
  return <Navigate to={setup.data?.needed ? '/setup' : '/login'} replace />;
}

function Shell() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const day = useQuery({ queryKey: ['my-day'], queryFn: () => get<MyDay>('/my-day'), refetchInterval: 60_000 });
  const due = day.data ? day.data.counts.overdue + day.data.counts.today : 0;
  const section = `/${location.pathname.split('/')[1] ?? ''}`;
  // After a navigation (not the first load), focus moves to the new screen's h1.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, which is what it reacts to
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    return focusScreen();
  }, [location.pathname]);
  const items = [
    {
      key: '/',
      label: (
        <Link to="/">
          <Badge count={due} size="small" offset={[8, -2]}>
            {t('nav.myDay')}
          </Badge>
        </Link>
      ),
    },
    { key: '/customers', label: <Link to="/customers">{t('nav.customers')}</Link> },
    { key: '/tasks', label: <Link to="/tasks">{t('nav.tasks')}</Link> },
    { key: '/settings', label: <Link to="/settings">{t('nav.settings')}</Link> },
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Layout.Header
        className="app-header"
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          padding: '0 12px',
          background: '#fff',
          borderBottom: '1px solid #eee',
        }}
      >
        <Link to="/" style={{ fontWeight: 700, fontSize: 18, color: '#7a4f00', whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Link>
        <Menu
          aria-label={t('nav.main')}
          mode="horizontal"
          selectedKeys={[section === '/' ? '/' : section]}
          items={items}
          style={{ flex: 1, minWidth: 0, borderBottom: 0 }}
        />
        <NotificationBell />
        <LanguageSwitch />
        <a
          href="/logout"
          className="no-print"
          onClick={async (e) => {
            e.preventDefault();
            await post('/auth/logout').catch(() => {});
            await refresh();
            navigate('/login');
          }}
        >
          {t('nav.logout')}
        </a>
      </Layout.Header>
      <nav className="bottom-nav no-print" aria-label={t('nav.main')}>
        {items.map((i) => (
          <span key={i.key} className={section === i.key ? 'active' : undefined}>
            {i.label}
          </span>
        ))}
      </nav>
      <Layout.Content id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<MyDayPage />} />
            <Route path="/customers" element={<CustomersPage />} />
            <Route path="/customers/new" element={<NewCustomerPage />} />
            <Route path="/customers/duplicates" element={<DuplicatesPage />} />
            <Route path="/customers/:id" element={<CustomerPage />} />
            <Route path="/tasks" element={<TasksPage />} />
            <Route path="/settings/*" element={<SettingsPage />} />
            <Route path="/settings/:section" element={<SettingsLink />} />
            <Route path="/jobs/:id?" element={<JobsLink />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

/** `/settings/jobs` (a link in notifications and mails) opens that settings section. */
function SettingsLink() {
  const { section } = useParams();
  return <Navigate to={`/settings?tab=${encodeURIComponent(section ?? '')}`} replace />;
}

/** `/jobs` and `/jobs/<id>` open the run on the background-jobs page. */
function JobsLink() {
  const { id } = useParams();
  return <Navigate to={`/settings?tab=jobs${id ? `&run=${encodeURIComponent(id)}` : ''}`} replace />;
}
