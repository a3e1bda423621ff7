import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import './shared/i18n';
import { SignInPage } from './home/SignInPage';
import { AppListPage } from './home/AppListPage';
import { useMe } from './home/useMe';

// Administration screens load on demand, so people who only fill in forms never download them.
const OrganisationPage = lazy(() => import('./identity/OrganisationPage').then((m) => ({ default: m.OrganisationPage })));
const TokensPage = lazy(() => import('./identity/TokensPage').then((m) => ({ default: m.TokensPage })));

// Designers and the runner are separate chunks: a form filler never downloads the designers.
const AppPage = lazy(() => import('./app/AppPage'));
const ModelDesignerPage = lazy(() => import('./designer/models/ModelDesignerPage'));
const FormDesignerPage = lazy(() => import('./designer/forms/FormDesignerPage'));
const FormRunPage = lazy(() => import('./runner/pages/FormRunPage'));
const RunnerHomePage = lazy(() => import('./runner/menu/RunnerHomePage'));
const TablePage = lazy(() => import('./runner/table/TablePage'));
const DashboardPage = lazy(() => import('./runner/dashboard/DashboardPage'));
const ImportWizard = lazy(() => import('./runner/import/ImportWizard'));
const RecordPage = lazy(() => import('./runner/record/RecordPage'));
const TaskInboxPage = lazy(() => import('./runner/tasks/TaskInboxPage'));
// A public form is open to visitors without an account.
const PublicFormPage = lazy(() => import('./runner/public/PublicFormPage'));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });

function Routed() {
  const me = useMe();
  if (me.isLoading) return null;
  const signedIn = !!me.data;
  const guard = (page: React.ReactNode) => (signedIn ? page : <Navigate to="/sign-in" replace />);
  return (
    <Suspense fallback={<Spin style={{ margin: 48 }} />}>
      <Routes>
        <Route path="/sign-in" element={signedIn ? <Navigate to="/" replace /> : <SignInPage />} />
        <Route path="/" element={guard(<AppListPage me={me.data!} />)} />
        <Route path="/apps/:app" element={guard(<AppPage />)} />
        <Route path="/apps/:app/models/:model" element={guard(<ModelDesignerPage />)} />
        <Route path="/apps/:app/forms/:form/design" element={guard(<FormDesignerPage />)} />
        <Route path="/apps/:app/run/forms/:form" element={guard(<FormRunPage />)} />
        <Route path="/apps/:app/run/forms/:form/:id" element={guard(<FormRunPage />)} />
        <Route path="/apps/:app/run" element={guard(<RunnerHomePage />)} />
        <Route path="/apps/:app/run/models/:model" element={guard(<TablePage />)} />
        <Route path="/apps/:app/run/models/:model/import" element={guard(<ImportWizard />)} />
        <Route path="/apps/:app/run/views/:view" element={guard(<TablePage />)} />
        <Route path="/apps/:app/run/dashboards/:dashboard" element={guard(<DashboardPage />)} />
        <Route path="/apps/:app/models/:model/records/new" element={guard(<RecordPage key="new" />)} />
        <Route path="/apps/:app/models/:model/records/:id" element={guard(<RecordPage />)} />
        <Route path="/organisation" element={signedIn && me.data!.isAdmin ? <OrganisationPage /> : <Navigate to="/" replace />} />
        <Route path="/tokens" element={guard(<TokensPage />)} />
        <Route path="/tasks" element={guard(<TaskInboxPage />)} />
        <Route path="/tasks/:id" element={guard(<TaskInboxPage />)} />
        <Route path="/public/:app/:slug" element={<PublicFormPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    // antd would put a space between two Chinese characters in buttons ("提 交"); not wanted.
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <HashRouter>
            <Routed />
          </HashRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
