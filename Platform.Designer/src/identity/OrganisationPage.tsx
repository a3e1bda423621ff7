import { App as AntApp, Button, Layout, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { LanguageSwitch } from '../home/LanguageSwitch';
import { DepartmentsTab } from './DepartmentsTab';
import { RolesTab } from './RolesTab';
import { UsersTab } from './UsersTab';

/** Administrators manage users, their departments and roles, and the department tree. */
export function OrganisationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#fff', padding: '0 16px' }}>
          <Typography.Text strong>{t('identity.title')}</Typography.Text>
          <span>
            <LanguageSwitch />{' '}
            <Button size="small" onClick={() => navigate('/')}>
              {t('identity.back')}
            </Button>
          </span>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Tabs
            items={[
              { key: 'users', label: t('identity.users'), children: <UsersTab /> },
              { key: 'departments', label: t('identity.departments'), children: <DepartmentsTab /> },
              { key: 'roles', label: t('identity.roleDefs'), children: <RolesTab /> },
            ]}
          />
        </Layout.Content>
      </Layout>
    </AntApp>
  );
}
