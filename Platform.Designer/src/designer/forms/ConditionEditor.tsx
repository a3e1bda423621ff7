import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { conditionOps, type Condition, type ConditionOp } from '../../shared/forms/FormDefinition';
import { fieldLabel, optionLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';

type Simple = { field: string; op: ConditionOp; value?: unknown };

/** Conditions without code: "all of / any of" a list of field-operator-value rows; or an expression. */
export function ConditionEditor({ value, fields, onChange }: { value: Condition; fields: FieldDefinition[]; onChange: (c: Condition) => void }) {
  const { t } = useTranslation();
  const mode = 'expression' in value ? 'expression' : 'or' in value ? 'or' : 'and';
  const rows: Simple[] = 'and' in value ? (value.and as Simple[]) : 'or' in value ? (value.or as Simple[]) : 'field' in value ? [value] : [];
  const setRows = (next: Simple[], m = mode) => onChange(m === 'or' ? { or: next } : { and: next });

  return (
    <div className="lcd-condition">
      <Radio.Group
        size="small"
        value={mode}
        onChange={(e) => (e.target.value === 'expression' ? onChange({ expression: '' }) : setRows(rows, e.target.value))}
        options={[
          { value: 'and', label: t('designer.rules.all') },
          { value: 'or', label: t('designer.rules.any') },
          { value: 'expression', label: t('designer.rules.expression') },
        ]}
        optionType="button"
      />
      {mode === 'expression' ? (
        <Input.TextArea
          style={{ marginTop: 8 }}
          rows={2}
          placeholder="days > 3 && kind == 'sick'"
          value={(value as { expression: string }).expression}
          onChange={(e) => onChange({ expression: e.target.value })}
        />
      ) : (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          {rows.map((row, i) => (
            <ConditionRow key={i} row={row} fields={fields}
              onChange={(r) => setRows(rows.map((x, j) => (j === i ? r : x)))}
              onRemove={() => setRows(rows.filter((_, j) => j !== i))} />
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => setRows([...rows, { field: fields[0]?.key ?? '', op: 'eq', value: '' }])}>
            {t('designer.rules.addCondition')}
          </Button>
        </Space>
      )}
    </div>
  );
}

export function ValueInput({ field, value, onChange, multiple }: { field?: FieldDefinition; value: unknown; onChange: (v: unknown) => void; multiple?: boolean }) {
  const { t, i18n } = useTranslation();
  if (field?.options?.length) {
    return (
      <Select style={{ minWidth: 120 }} mode={multiple ? 'multiple' : undefined} value={value as string} onChange={onChange} placeholder={t('designer.rules.value')}
        options={field.options.map((o) => ({ value: o.value, label: optionLabel(o, i18n.language) }))} aria-label={t('designer.rules.value')} />
    );
  }
  if (field?.type === 'boolean') {
    return <Select style={{ minWidth: 90 }} value={value as boolean} onChange={onChange} options={[{ value: true, label: t('designer.rules.yes') }, { value: false, label: t('designer.rules.no') }]} aria-label={t('designer.rules.value')} />;
  }
  if (field && ['number', 'decimal', 'percent', 'rating'].includes(field.type)) {
    return <InputNumber value={value as number} onChange={(v) => onChange(v ?? undefined)} aria-label={t('designer.rules.value')} />;
  }
  return <Input style={{ width: 140 }} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} placeholder={t('designer.rules.value')} aria-label={t('designer.rules.value')} />;
}

function ConditionRow({ row, fields, onChange, onRemove }: { row: Simple; fields: FieldDefinition[]; onChange: (r: Simple) => void; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const field = fields.find((f) => f.key === row.field);
  const noValue = row.op === 'isEmpty' || row.op === 'isNotEmpty';
  return (
    <Space wrap className="lcd-condition-row">
      <Select style={{ minWidth: 120 }} value={row.field} onChange={(f) => onChange({ ...row, field: f, value: undefined })} aria-label={t('designer.rules.field')}
        options={fields.map((f) => ({ value: f.key, label: fieldLabel(f, i18n.language) }))} />
      <Select style={{ minWidth: 100 }} value={row.op} onChange={(op) => onChange({ ...row, op })} aria-label={t('designer.rules.op')}
        options={conditionOps.map((op) => ({ value: op, label: t(`designer.rules.ops.${op}`) }))} />
      {!noValue && <ValueInput field={field} value={row.value} multiple={row.op === 'in' || row.op === 'notIn'} onChange={(v) => onChange({ ...row, value: v })} />}
      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('designer.rules.remove')} />
    </Space>
  );
}
