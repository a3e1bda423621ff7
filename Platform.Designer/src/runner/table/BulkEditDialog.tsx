import { useState } from 'react';
import { Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import { ValueEditor } from './ValueEditor';

/** Sets one field to one value on every selected row. */
export function BulkEditDialog({ open, count, fields, onCancel, onApply }: {
  open: boolean; count: number; fields: FieldDefinition[]; onCancel: () => void; onApply: (field: string, value: unknown) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [field, setField] = useState<string | undefined>(fields[0]?.key);
  const [value, setValue] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const def = fields.find((f) => f.key === field);
  return (
    <Modal open={open} title={t('table.bulk.title', { count })} okText={t('table.bulk.apply')} confirmLoading={busy} onCancel={onCancel} destroyOnHidden
      okButtonProps={{ disabled: !def, ...({ 'data-testid': 'bulk-apply' } as Record<string, string>) }}
      onOk={async () => { if (!def) return; setBusy(true); try { await onApply(def.key, value); } finally { setBusy(false); } }}>
      <Form layout="vertical" data-testid="bulk-edit">
        <Form.Item label={t('table.bulk.field')}>
          <Select value={field} data-testid="bulk-field" options={fields.map((f) => ({ value: f.key, label: fieldLabel(f, i18n.language) }))}
            onChange={(v) => { setField(v); setValue(null); }} />
        </Form.Item>
        {def && (
          <Form.Item label={t('table.bulk.value')}>
            <ValueEditor key={def.key} field={def} value={value} onChange={setValue} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
