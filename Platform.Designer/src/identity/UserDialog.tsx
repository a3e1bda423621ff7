import { useState } from 'react';
import { Alert, Input, Modal, Select, Space, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shared/api';
import { departmentTree, problemLines, type DepartmentRow, type UserRow } from './types';

interface Props {
  user?: UserRow;
  departments: DepartmentRow[];
  roleOptions: { value: string; label: string }[];
  onClose: (changed: boolean) => void;
}

/** Creates a user (with password) or edits one (display name, email, department, roles). */
export function UserDialog({ user, departments, roleOptions, onClose }: Props) {
  const { t } = useTranslation();
  const [userName, setUserName] = useState(user?.userName ?? '');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [departmentId, setDepartmentId] = useState<string | undefined>(user?.departmentId ?? undefined);
  const [roles, setRoles] = useState<string[]>(user?.roles ?? []);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setErrors([]);
    const body = { displayName, email, departmentId: departmentId ?? null, roles };
    try {
      if (user) await api(`/api/users/${user.id}`, { method: 'PUT', json: body });
      else await api('/api/users', { method: 'POST', json: { ...body, userName, password } });
      onClose(true);
    } catch (e) {
      setErrors(e instanceof ApiError ? problemLines(e.problem) : [String(e)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={user ? t('identity.editUser') : t('identity.newUser')}
      okText={t('identity.save')}
      cancelText={t('identity.cancel')}
      confirmLoading={busy}
      onOk={save}
      onCancel={() => onClose(false)}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {errors.length > 0 && <Alert type="error" data-testid="user-dialog-error" title={errors.join(' ')} showIcon />}
        {!user && (
          <>
            <Typography.Text>{t('identity.userName')}</Typography.Text>
            <Input name="userName" value={userName} onChange={(e) => setUserName(e.target.value)} />
            <Typography.Text>{t('identity.password')}</Typography.Text>
            <Input.Password name="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </>
        )}
        <Typography.Text>{t('identity.displayName')}</Typography.Text>
        <Input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <Typography.Text>{t('identity.email')}</Typography.Text>
        <Input name="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        <Typography.Text>{t('identity.department')}</Typography.Text>
        <TreeSelect
          data-testid="user-department"
          style={{ width: '100%' }}
          allowClear
          treeDefaultExpandAll
          value={departmentId}
          treeData={departmentTree(departments)}
          onChange={(v) => setDepartmentId(v ?? undefined)}
        />
        <Typography.Text>{t('identity.roles')}</Typography.Text>
        <Select data-testid="user-roles" mode="multiple" style={{ width: '100%' }} value={roles} options={roleOptions} onChange={setRoles} />
      </Space>
    </Modal>
  );
}
