import { Button, Card, Empty, Layout, List, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, type AppSummary, type Me } from '../shared/api';
import { LanguageSwitch } from './LanguageSwitch';

export function AppListPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const apps = useQuery({ queryKey: ['apps'], queryFn: () => api<AppSummary[]>('/api/apps') });

  async function signOut() {
    await api('/api/auth/sign-out', { method: 'POST' });
    queryClient.setQueryData(['me'], null);
  }

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
          <List
            data-testid="app-list"
            loading={apps.isLoading}
            dataSource={apps.data ?? []}
            locale={{ emptyText: <Empty description={t('home.empty')} /> }}
            renderItem={(app) => (
              <List.Item data-app-key={app.key}>
                <List.Item.Meta title={app.name} description={app.key} />
                {app.templateKey && <Tag>{t('home.fromTemplate', { template: app.templateKey })}</Tag>}
              </List.Item>
            )}
          />
        </Card>
      </Layout.Content>
    </Layout>
  );
}
