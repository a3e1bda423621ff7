import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import './shared/i18n';
import { SignInPage } from './home/SignInPage';
import { AppListPage } from './home/AppListPage';
import { useMe } from './home/useMe';
import { lazy, Suspense } from 'react';

// Administration screens load on demand, so people who only fill in forms never download them.
const OrganisationPage = lazy(() => import('./identity/OrganisationPage').then((m) => ({ default: m.OrganisationPage })));
const TokensPage = lazy(() => import('./identity/TokensPage').then((m) => ({ default: m.TokensPage })));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });

function Routed() {
  const me = useMe();
  if (me.isLoading) return null;
  const signedIn = !!me.data;
  return (
    <Routes>
      <Route path="/sign-in" element={signedIn ? <Navigate to="/" replace /> : <SignInPage />} />
      <Route path="/" element={signedIn ? <AppListPage me={me.data!} /> : <Navigate to="/sign-in" replace />} />
      <Route path="/organisation" element={signedIn && me.data!.isAdmin ? <Suspense fallback={null}><OrganisationPage /></Suspense> : <Navigate to="/" replace />} />
      <Route path="/tokens" element={signedIn ? <Suspense fallback={null}><TokensPage /></Suspense> : <Navigate to="/sign-in" replace />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    // antd would put a space between two Chinese characters in buttons ("提 交"); not wanted.
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }}>
      <QueryClientProvider client={queryClient}>
        <HashRouter>
          <Routed />
        </HashRouter>
      </QueryClientProvider>
    </ConfigProvider>
  );
}
