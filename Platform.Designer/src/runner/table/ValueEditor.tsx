import { DatePicker, Input, InputNumber, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { optionLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';

/** An editor for one value of a field: in a table cell, in bulk edit. */
export function ValueEditor({ field, value, onChange, onCommit, autoFocus }: {
  field: FieldDefinition;
  value: unknown;
  onChange: (v: unknown) => void;
  /** Enter (or a choice in a select) finishes an inline edit. */
  onCommit?: (v: unknown) => void;
  autoFocus?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const commit = (v: unknown) => onCommit?.(v);
  switch (field.type) {
    case 'number': case 'decimal': case 'percent': case 'rating':
      return (
        <InputNumber size="small" autoFocus={autoFocus} style={{ width: '100%' }} value={value as number | null} data-testid="value-editor"
          onChange={(v) => onChange(v ?? null)} onPressEnter={() => commit(value)} />
      );
    case 'date':
      return (
        <DatePicker size="small" autoFocus={autoFocus} value={typeof value === 'string' && value ? dayjs(value) : null} data-testid="value-editor"
          onChange={(d) => { const v = d ? d.format('YYYY-MM-DD') : null; onChange(v); commit(v); }} />
      );
    case 'boolean':
      return <Switch size="small" checked={!!value} data-testid="value-editor" onChange={(v) => { onChange(v); commit(v); }} />;
    case 'singleSelect':
      return (
        <Select size="small" autoFocus={autoFocus} style={{ width: '100%', minWidth: 120 }} allowClear value={(value as string) ?? undefined} data-testid="value-editor"
          placeholder={t('table.choose')}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: optionLabel(o, i18n.language) }))}
          onChange={(v) => { onChange(v ?? null); commit(v ?? null); }} />
      );
    default:
      return (
        <Input size="small" autoFocus={autoFocus} value={(value as string) ?? ''} data-testid="value-editor"
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} onPressEnter={() => commit(value)} />
      );
  }
}
