import { useState } from 'react';
import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shared/api';
import { LanguageSwitch } from './LanguageSwitch';

export function SignInPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!userName || !password) {
      setError(t('signIn.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await api('/api/auth/sign-in', { method: 'POST', json: { userName, password } });
      queryClient.setQueryData(['me'], me);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.failed') : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <Card title={t('app.title')} extra={<LanguageSwitch />} style={{ width: 380, maxWidth: '100%' }}>
        <form onSubmit={submit} aria-label={t('signIn.title')}>
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('signIn.title')}
            </Typography.Title>
            {error && <Alert type="error" title={error} data-testid="sign-in-error" showIcon />}
            <Input name="userName" autoComplete="username" placeholder={t('signIn.userName')} value={userName} onChange={(e) => setUserName(e.target.value)} />
            <Input.Password name="password" autoComplete="current-password" placeholder={t('signIn.password')} value={password} onChange={(e) => setPassword(e.target.value)} />
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Space>
        </form>
      </Card>
    </div>
  );
}
