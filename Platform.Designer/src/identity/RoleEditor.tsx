import { useState } from 'react';
import { Alert, Button, Checkbox, Collapse, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemLines } from './types';

export const actions = ['create', 'read', 'update', 'delete', 'export', 'import'] as const;
export const scopes = ['own', 'department', 'departmentAndBelow', 'all', 'custom'] as const;
export const accesses = ['editable', 'readOnly', 'hidden'] as const;

export interface ModelDef {
  key: string;
  name?: string;
  fields?: { key: string; label?: string }[];
}

export interface ModelPermission {
  actions?: string[];
  rowScope?: string;
  filter?: unknown;
  fields?: Record<string, string>;
}

export interface RoleDef {
  key: string;
  name: string;
  nameEn?: string;
  permissions?: Record<string, ModelPermission>;
}

interface Props {
  role: RoleDef;
  models: ModelDef[];
  onSave: (role: RoleDef) => Promise<void>;
  onDelete?: () => Promise<void>;
}

/** Edits one role: per model the actions, the row scope (with a custom filter) and field access. */
export function RoleEditor({ role, models, onSave, onDelete }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RoleDef>(structuredClone(role));
  const [filterText, setFilterText] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(role.permissions ?? {}).map(([m, p]) => [m, p.filter ? JSON.stringify(p.filter, null, 2) : ''])),
  );
  const [errors, setErrors] = useState<string[]>([]);

  function perm(model: string): ModelPermission {
    return draft.permissions?.[model] ?? {};
  }

  function setPerm(model: string, change: Partial<ModelPermission>) {
    setDraft((d) => ({ ...d, permissions: { ...d.permissions, [model]: { ...d.permissions?.[model], ...change } } }));
  }

  async function save() {
    setErrors([]);
    const permissions: Record<string, ModelPermission> = {};
    for (const [model, p] of Object.entries(draft.permissions ?? {})) {
      if (!p.actions?.length && !Object.keys(p.fields ?? {}).length) continue;
      const entry: ModelPermission = { actions: p.actions ?? [], rowScope: p.rowScope ?? 'own' };
      if (entry.rowScope === 'custom') {
        try {
          entry.filter = JSON.parse(filterText[model] || 'null');
        } catch {
          setErrors([t('identity.filterNotJson', { model })]);
          return;
        }
      }
      const fields = Object.fromEntries(Object.entries(p.fields ?? {}).filter(([, a]) => a !== 'editable'));
      if (Object.keys(fields).length) entry.fields = fields;
      permissions[model] = entry;
    }
    try {
      await onSave({ ...draft, permissions });
    } catch (e) {
      const problem = (e as { problem?: { title?: string; errors?: Record<string, string[]> } }).problem;
      setErrors(problem ? problemLines(problem) : [String(e)]);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="role-editor">
      {errors.length > 0 && <Alert type="error" showIcon title={errors.join(' ')} data-testid="role-error" />}
      <Space wrap>
        <Typography.Text>{t('identity.name')}</Typography.Text>
        <Input data-testid="role-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <Typography.Text>English</Typography.Text>
        <Input value={draft.nameEn ?? ''} onChange={(e) => setDraft({ ...draft, nameEn: e.target.value })} />
      </Space>
      <Collapse
        items={models.map((m) => ({
          key: m.key,
          label: `${m.name ?? m.key} (${m.key})`,
          children: (
            <Space orientation="vertical" style={{ width: '100%' }} data-model={m.key}>
              <Checkbox.Group
                value={perm(m.key).actions ?? []}
                options={actions.map((a) => ({ value: a, label: t(`identity.action.${a}`) }))}
                onChange={(v) => setPerm(m.key, { actions: v as string[] })}
              />
              <Space>
                <Typography.Text>{t('identity.rowScope')}</Typography.Text>
                <Select
                  style={{ width: 200 }}
                  value={perm(m.key).rowScope ?? 'own'}
                  options={scopes.map((s) => ({ value: s, label: t(`identity.scope.${s}`) }))}
                  onChange={(v) => setPerm(m.key, { rowScope: v })}
                />
              </Space>
              {(perm(m.key).rowScope ?? 'own') === 'custom' && (
                <Input.TextArea
                  rows={4}
                  placeholder='{"field": "owner", "op": "eq", "value": "$currentUser"}'
                  value={filterText[m.key] ?? ''}
                  onChange={(e) => setFilterText({ ...filterText, [m.key]: e.target.value })}
                />
              )}
              {(m.fields ?? []).map((f) => (
                <Space key={f.key}>
                  <Typography.Text style={{ display: 'inline-block', width: 160 }}>{f.label ?? f.key}</Typography.Text>
                  <Select
                    style={{ width: 140 }}
                    data-field={f.key}
                    value={perm(m.key).fields?.[f.key] ?? 'editable'}
                    options={accesses.map((a) => ({ value: a, label: t(`identity.access.${a}`) }))}
                    onChange={(v) => setPerm(m.key, { fields: { ...perm(m.key).fields, [f.key]: v } })}
                  />
                </Space>
              ))}
            </Space>
          ),
        }))}
      />
      <Space>
        <Button type="primary" onClick={save} data-testid="save-role">
          {t('identity.save')}
        </Button>
        {onDelete && (
          <Button danger onClick={() => void onDelete()}>
            {t('identity.deleteRole')}
          </Button>
        )}
      </Space>
    </Space>
  );
}
