import { useState } from 'react';
import { Button, Card, Empty, Layout, List, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, type AppSummary, type Me } from '../shared/api';
import { appsApi } from '../shared/platformApi';
import { AppKeyDialog } from './AppKeyDialog';
import { ImportAppButton } from './ImportAppButton';
import { LanguageSwitch } from './LanguageSwitch';

type Dialog = { kind: 'empty' } | { kind: 'template' } | { kind: 'copy'; app: AppSummary } | null;

export function AppListPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const apps = useQuery({ queryKey: ['apps'], queryFn: () => api<AppSummary[]>('/api/apps') });
  const templates = useQuery({ queryKey: ['templates'], queryFn: appsApi.templates });
  const [dialog, setDialog] = useState<Dialog>(null);

  async function signOut() {
    await api('/api/auth/sign-out', { method: 'POST' });
    queryClient.setQueryData(['me'], null);
  }

  const closed = (created: string | null) => {
    setDialog(null);
    if (created) {
      void queryClient.invalidateQueries({ queryKey: ['apps'] });
      navigate(`/apps/${created}`);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#fff', padding: '0 16px' }}>
        <Typography.Text strong>{t('app.title')}</Typography.Text>
        <Space>
          <LanguageSwitch />
          {me.isAdmin && (
            <Button size="small" data-testid="organisation-link" onClick={() => navigate('/organisation')}>
              {t('identity.manage')}
            </Button>
          )}
          <Button size="small" data-testid="tokens-link" onClick={() => navigate('/tokens')}>
            {t('identity.tokens')}
          </Button>
          <Typography.Text data-testid="current-user">{me.displayName ?? me.userName}</Typography.Text>
          <Button size="small" onClick={signOut}>
            {t('home.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <Card title={t('home.apps')}>
          {/* Actions sit above the list, not in the card head, so the title stays readable at phone width. */}
          <Space wrap style={{ marginBottom: 8 }}>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'empty' })}>{t('designer.home.newApp')}</Button>
            <Button onClick={() => setDialog({ kind: 'template' })} disabled={!templates.data?.length}>{t('designer.home.fromTemplate')}</Button>
            <ImportAppButton onImported={() => void queryClient.invalidateQueries({ queryKey: ['apps'] })} />
          </Space>
          <List
            data-testid="app-list"
            loading={apps.isLoading}
            dataSource={apps.data ?? []}
            locale={{ emptyText: <Empty description={t('home.empty')} /> }}
            renderItem={(app) => (
              <List.Item
                data-app-key={app.key}
                actions={[
                  <Link key="run" to={`/apps/${app.key}/run`} data-testid="run-app">{t('table.menu.run')}</Link>,
                  <Link key="open" to={`/apps/${app.key}`}>{t('designer.home.open')}</Link>,
                  <a key="copy" onClick={() => setDialog({ kind: 'copy', app })}>{t('designer.home.copy')}</a>,
                  <a key="export" href={`/api/apps/${encodeURIComponent(app.key)}/export`} download={`${app.key}.json`}>{t('designer.home.export')}</a>,
                ]}
              >
                <List.Item.Meta title={<Link to={`/apps/${app.key}`}>{app.name}</Link>} description={app.key} />
                {app.templateKey && <Tag>{t('home.fromTemplate', { template: app.templateKey })}</Tag>}
              </List.Item>
            )}
          />
        </Card>
      </Layout.Content>
      <AppKeyDialog open={dialog?.kind === 'empty'} title={t('designer.home.newApp')} testId="new-app-form"
        submit={({ key, name }) => appsApi.createEmpty(key, name)} onClose={closed} />
      <AppKeyDialog open={dialog?.kind === 'template'} title={t('designer.home.fromTemplate')} testId="template-app-form"
        templates={(templates.data ?? []).map((tp) => ({ value: tp.key, label: tp.name }))}
        submit={({ key, name, template }) => appsApi.createFromTemplate(template!, key, name)} onClose={closed} />
      <AppKeyDialog open={dialog?.kind === 'copy'} testId="copy-app-form"
        title={dialog?.kind === 'copy' ? t('designer.home.copyOf', { name: dialog.app.name }) : ''}
        initialName={dialog?.kind === 'copy' ? t('designer.home.copyName', { name: dialog.app.name }) : undefined}
        submit={({ key, name }) => appsApi.copy((dialog as { app: AppSummary }).app.key, key, name)} onClose={closed} />
    </Layout>
  );
}
