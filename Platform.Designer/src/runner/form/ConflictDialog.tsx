import { useState } from 'react';
import { Modal, Radio, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A save hit 409: someone changed the record meanwhile. For each field both sides changed
 * differently, the user picks mine or theirs; the merge is saved against the current row version.
 */
export function ConflictDialog({ open, fields, mine, theirs, lang, onCancel, onMerge }: {
  open: boolean;
  fields: FieldDefinition[];
  mine: Record<string, unknown>;
  theirs: Record<string, unknown>;
  lang: string;
  onCancel: () => void;
  onMerge: (values: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const differing = fields.filter((f) => f.key in mine && JSON.stringify(mine[f.key] ?? null) !== JSON.stringify(theirs[f.key] ?? null));
  const [choice, setChoice] = useState<Record<string, 'mine' | 'theirs'>>({});
  return (
    <Modal open={open} title={t('runner.form.conflictTitle')} okText={t('runner.form.applyMerge')} onCancel={onCancel}
      onOk={() => {
        const merged: Record<string, unknown> = {};
        for (const key in mine) merged[key] = (choice[key] ?? 'mine') === 'mine' ? mine[key] : theirs[key];
        onMerge(merged);
      }}
      width={720}
    >
      <Typography.Paragraph>{t('runner.form.conflictIntro')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={differing}
        columns={[
          { title: t('runner.form.field'), render: (_, f) => fieldLabel(f, lang) },
          { title: t('runner.form.mine'), render: (_, f) => show(mine[f.key]) },
          { title: t('runner.form.theirs'), render: (_, f) => show(theirs[f.key]) },
          {
            title: '',
            render: (_, f) => (
              <Radio.Group size="small" value={choice[f.key] ?? 'mine'} onChange={(e) => setChoice({ ...choice, [f.key]: e.target.value })}
                options={[{ value: 'mine', label: t('runner.form.keepMine') }, { value: 'theirs', label: t('runner.form.keepTheirs') }]} />
            ),
          },
        ]}
      />
    </Modal>
  );
}
