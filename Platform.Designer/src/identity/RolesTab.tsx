import { useState } from 'react';
import { App as AntApp, Button, Empty, Input, Select, Space } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type AppSummary } from '../shared/api';
import { RoleEditor, type ModelDef, type RoleDef } from './RoleEditor';
import { problemLines } from './types';

/** App roles: pick an app and a role, edit its permissions per model and field, add or delete roles. */
export function RolesTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const apps = useQuery({ queryKey: ['identity', 'apps'], queryFn: () => api<AppSummary[]>('/api/apps') });
  const [app, setApp] = useState<string | undefined>();
  const [roleKey, setRoleKey] = useState<string | undefined>();
  const [newKey, setNewKey] = useState('');
  const pkg = useQuery({
    queryKey: ['identity', 'package', app],
    enabled: !!app,
    queryFn: () => api<{ models?: ModelDef[]; roles?: RoleDef[] }>(`/api/apps/${app}/export`),
  });
  const roles = pkg.data?.roles ?? [];
  const role = roles.find((r) => r.key === roleKey);

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: ['identity'] });
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          data-testid="roles-app"
          style={{ width: 220 }}
          placeholder={t('identity.chooseApp')}
          value={app}
          options={(apps.data ?? []).map((a) => ({ value: a.key, label: a.name }))}
          onChange={(v) => (setApp(v), setRoleKey(undefined))}
        />
        {app && (
          <Select
            data-testid="roles-role"
            style={{ width: 220 }}
            placeholder={t('identity.chooseRole')}
            value={roleKey}
            options={roles.map((r) => ({ value: r.key, label: r.name }))}
            onChange={setRoleKey}
          />
        )}
        {app && (
          <Space.Compact>
            <Input data-testid="new-role-key" placeholder={t('identity.newRoleKey')} value={newKey} onChange={(e) => setNewKey(e.target.value)} />
            <Button
              onClick={async () => {
                try {
                  await api(`/api/apps/${app}/roles/${encodeURIComponent(newKey)}`, { method: 'PUT', json: { key: newKey, name: newKey, permissions: {} } });
                  await refresh();
                  setRoleKey(newKey);
                  setNewKey('');
                } catch (e) {
                  message.error(e instanceof ApiError ? problemLines(e.problem).join(' ') : String(e));
                }
              }}
            >
              {t('identity.add')}
            </Button>
          </Space.Compact>
        )}
      </Space>
      {!app || !role ? (
        <Empty description={t('identity.pickRole')} />
      ) : (
        <RoleEditor
          key={`${app}/${role.key}`}
          role={role}
          models={pkg.data?.models ?? []}
          onSave={async (r) => {
            await api(`/api/apps/${app}/roles/${role.key}`, { method: 'PUT', json: r });
            message.success(t('identity.saved'));
            await refresh();
          }}
          onDelete={async () => {
            await api(`/api/apps/${app}/roles/${role.key}`, { method: 'DELETE' });
            setRoleKey(undefined);
            await refresh();
          }}
        />
      )}
    </Space>
  );
}
