import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Input, Layout, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../shared/api';
import { LanguageSwitch } from '../home/LanguageSwitch';
import { problemLines } from './types';

interface TokenRow {
  id: string;
  name: string;
  createdAt: string;
  expiresAt?: string | null;
  revokedAt?: string | null;
}

/** The signed-in user's bearer API tokens: create one (its secret is shown once), see them, revoke. */
export function TokensPage() {
  return (
    <AntApp>
      <Tokens />
    </AntApp>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const tokens = useQuery({ queryKey: ['identity', 'tokens'], queryFn: () => api<TokenRow[]>('/api/auth/tokens') });
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [secret, setSecret] = useState<string | null>(null);

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ['identity', 'tokens'] });
    } catch (e) {
      message.error(e instanceof ApiError ? problemLines(e.problem).join(' ') : String(e));
    }
  }

  function create() {
    return run(async () => {
      const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : null;
      const created = await api<{ token: string }>('/api/auth/tokens', { method: 'POST', json: { name, expiresAt } });
      setSecret(created.token);
      setName('');
      setExpires('');
    });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#fff', padding: '0 16px' }}>
        <Typography.Text strong>{t('identity.tokens')}</Typography.Text>
        <span>
          <LanguageSwitch />{' '}
          <Button size="small" onClick={() => navigate('/')}>
            {t('identity.back')}
          </Button>
        </span>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <Card size="small">
          <Space wrap style={{ marginBottom: 12 }}>
            <Input data-testid="token-name" placeholder={t('identity.tokenName')} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 240 }} />
            <Input type="date" aria-label={t('identity.tokenExpires')} value={expires} onChange={(e) => setExpires(e.target.value)} />
            <Button type="primary" data-testid="create-token" onClick={create}>
              {t('identity.createToken')}
            </Button>
          </Space>
          {secret && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('identity.tokenShownOnce')}
              description={<Typography.Text copyable code data-testid="token-secret">{secret}</Typography.Text>}
              closable={{ onClose: () => setSecret(null) }}
            />
          )}
          <Table<TokenRow>
            rowKey="id"
            size="small"
            loading={tokens.isLoading}
            dataSource={tokens.data ?? []}
            pagination={false}
            onRow={(r) => ({ 'data-token': r.name }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('identity.tokenName'), dataIndex: 'name' },
              { title: t('identity.tokenCreated'), render: (_, r) => new Date(r.createdAt).toLocaleString() },
              { title: t('identity.tokenExpires'), render: (_, r) => (r.expiresAt ? new Date(r.expiresAt).toLocaleDateString() : '—') },
              {
                title: t('identity.status'),
                render: (_, r) => (r.revokedAt ? <Tag color="red">{t('identity.revoked')}</Tag> : <Tag color="green">{t('identity.active')}</Tag>),
              },
              {
                title: '',
                render: (_, r) =>
                  !r.revokedAt && (
                    <Button size="small" danger onClick={() => run(() => api(`/api/auth/tokens/${r.id}`, { method: 'DELETE' }))}>
                      {t('identity.revoke')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      </Layout.Content>
    </Layout>
  );
}
