import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, Flex, Input, Select, Space, Tree, TreeSelect, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shared/api';
import { departmentTree, problemLines, type DepartmentRow } from './types';
import { useDepartments, useUsers } from './useIdentityData';

/** The department tree: add a department (under the selected one), rename, set the head, move. */
export function DepartmentsTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const users = useUsers();
  const [selected, setSelected] = useState<DepartmentRow | null>(null);
  const [newName, setNewName] = useState('');
  const [name, setName] = useState('');
  const [head, setHead] = useState<string | undefined>();
  const [parent, setParent] = useState<string | undefined>();

  function select(d: DepartmentRow | null) {
    setSelected(d);
    setName(d?.name ?? '');
    setHead(d?.headUserId ?? undefined);
    setParent(d?.parentId ?? undefined);
  }

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ['identity'] });
    } catch (e) {
      message.error(e instanceof ApiError ? problemLines(e.problem).join(' ') : String(e));
    }
  }

  const list = departments.data ?? [];
  const userOptions = (users.data ?? []).map((u) => ({ value: u.id, label: u.displayName || u.userName }));

  return (
    <Flex gap={16} wrap>
      <Card size="small" style={{ flex: '1 1 280px' }} title={t('identity.departments')}>
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input
            data-testid="new-department-name"
            placeholder={selected ? t('identity.newDepartmentUnder', { parent: selected.name }) : t('identity.newDepartment')}
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
          />
          <Button
            type="primary"
            data-testid="add-department"
            onClick={() =>
              run(async () => {
                await api('/api/departments', { method: 'POST', json: { name: newName, parentId: selected?.id ?? null } });
                setNewName('');
              })
            }
          >
            {t('identity.add')}
          </Button>
        </Space.Compact>
        {list.length === 0 ? (
          <Empty description={t('identity.noDepartments')} />
        ) : (
          <Tree
            data-testid="department-tree"
            defaultExpandAll
            treeData={departmentTree(list)}
            selectedKeys={selected ? [selected.id] : []}
            onSelect={(keys) => select(list.find((d) => d.id === keys[0]) ?? null)}
          />
        )}
      </Card>
      {selected && (
        <Card size="small" style={{ flex: '1 1 280px' }} title={selected.name}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('identity.name')}</Typography.Text>
            <Input value={name} onChange={(e) => setName(e.target.value)} />
            <Typography.Text>{t('identity.head')}</Typography.Text>
            <Select allowClear showSearch optionFilterProp="label" style={{ width: '100%' }} value={head} options={userOptions} onChange={setHead} />
            <Button onClick={() => run(() => api(`/api/departments/${selected.id}`, { method: 'PUT', json: { name, headUserId: head ?? null } }))}>
              {t('identity.save')}
            </Button>
            <Typography.Text>{t('identity.parent')}</Typography.Text>
            <TreeSelect
              allowClear
              treeDefaultExpandAll
              style={{ width: '100%' }}
              value={parent}
              treeData={departmentTree(list)}
              placeholder={t('identity.top')}
              onChange={(v) => setParent(v ?? undefined)}
            />
            <Button onClick={() => run(() => api(`/api/departments/${selected.id}/move`, { method: 'POST', json: { parentId: parent ?? null } }))}>
              {t('identity.move')}
            </Button>
          </Space>
        </Card>
      )}
    </Flex>
  );
}
