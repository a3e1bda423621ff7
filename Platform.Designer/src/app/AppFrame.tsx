import type { ReactNode } from 'react';
import { Breadcrumb, Layout } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../home/LanguageSwitch';

/** The frame around every page inside an app: where you are, a way home, the language. */
export function AppFrame({ app, appName, children, trail }: { app: string; appName?: string; children: ReactNode; trail?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#fff', padding: '0 16px', gap: 8 }}>
        <Breadcrumb
          items={[
            { title: <Link to="/">{t('app.title')}</Link> },
            { title: <Link to={`/apps/${app}`}>{appName ?? app}</Link> },
            ...(trail ? [{ title: trail }] : []),
          ]}
        />
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
