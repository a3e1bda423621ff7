import { useState } from 'react';
import { App as AntApp, Button, Input, Modal, Space, Table, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shared/api';
import { problemLines, type UserRow } from './types';
import { UserDialog } from './UserDialog';
import { useAppRoles, useDepartments, useUsers } from './useIdentityData';

/** Users: list, create, edit (department, roles), disable/enable, reset password. */
export function UsersTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const users = useUsers();
  const departments = useDepartments();
  const appRoles = useAppRoles();
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [newPassword, setNewPassword] = useState('');

  const departmentName = new Map((departments.data ?? []).map((d) => [d.id, d.name]));
  const roleLabel = new Map((appRoles.data ?? []).map((r) => [r.value, `${r.app} · ${r.role.name}`]));
  const roleOptions = [{ value: 'admin', label: t('identity.admin') }, ...(appRoles.data ?? []).map((r) => ({ value: r.value, label: roleLabel.get(r.value)! }))];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['identity'] });

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      await refresh();
    } catch (e) {
      message.error(e instanceof ApiError ? problemLines(e.problem).join(' ') : String(e));
    }
  }

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="new-user">
          {t('identity.newUser')}
        </Button>
      </Space>
      <Table<UserRow>
        rowKey="id"
        size="small"
        loading={users.isLoading}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 50 }}
        onRow={(u) => ({ 'data-user': u.userName }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('identity.userName'), dataIndex: 'userName' },
          { title: t('identity.displayName'), dataIndex: 'displayName' },
          { title: t('identity.department'), render: (_, u) => (u.departmentId ? departmentName.get(u.departmentId) : '') },
          {
            title: t('identity.roles'),
            render: (_, u) => u.roles.map((r) => <Tag key={r}>{r === 'admin' ? t('identity.admin') : (roleLabel.get(r) ?? r)}</Tag>),
          },
          {
            title: t('identity.status'),
            render: (_, u) => (u.disabled ? <Tag color="red">{t('identity.disabled')}</Tag> : <Tag color="green">{t('identity.enabled')}</Tag>),
          },
          {
            title: '',
            render: (_, u) => (
              <Space size="small">
                <Button size="small" onClick={() => setEditing(u)}>
                  {t('identity.edit')}
                </Button>
                <Button size="small" onClick={() => run(() => api(`/api/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`, { method: 'POST' }))}>
                  {u.disabled ? t('identity.enable') : t('identity.disable')}
                </Button>
                <Button size="small" onClick={() => (setNewPassword(''), setResetting(u))}>
                  {t('identity.resetPassword')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <UserDialog
          user={editing === 'new' ? undefined : editing}
          departments={departments.data ?? []}
          roleOptions={roleOptions}
          onClose={(changed) => {
            setEditing(null);
            if (changed) void refresh();
          }}
        />
      )}
      <Modal
        open={!!resetting}
        title={t('identity.resetPasswordOf', { user: resetting?.userName })}
        okText={t('identity.save')}
        cancelText={t('identity.cancel')}
        onCancel={() => setResetting(null)}
        onOk={() =>
          run(async () => {
            await api(`/api/users/${resetting!.id}/password`, { method: 'POST', json: { password: newPassword } });
            setResetting(null);
            message.success(t('identity.passwordReset'));
          })
        }
      >
        <Input.Password autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
      </Modal>
    </>
  );
}
