import { Button, Checkbox, Divider, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fieldTypes, type FieldDefinition, type FieldType } from '../../shared/models/ModelDefinition';
import { newField, retype } from './modelEdits';
import { OptionsEditor } from './OptionsEditor';
import { CopyFromEditor, copyableTypes } from './CopyFromEditor';
import { RelationEditor } from './RelationEditor';

const textTypes: FieldType[] = ['text', 'longText', 'richText', 'email', 'phone', 'url'];
const numberTypes: FieldType[] = ['number', 'decimal', 'percent', 'rating'];
const subFieldTypes: FieldType[] = ['text', 'longText', 'number', 'decimal', 'percent', 'date', 'datetime', 'boolean', 'singleSelect', 'email', 'phone', 'url', 'relation'];

/** Everything about one field, with the settings its type has. */
export function FieldEditor({ field, keyLocked, models, siblings, related = {}, onChange }: {
  field: FieldDefinition;
  keyLocked: boolean;
  models: { value: string; label: string }[];
  siblings: FieldDefinition[];
  /** Fields of the app's models by key (for "copy value from" a related record). */
  related?: Record<string, FieldDefinition[]>;
  onChange: (f: FieldDefinition) => void;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<FieldDefinition>) => onChange({ ...field, ...patch });
  const num = (v: number | string | null) => (v === null || v === '' ? undefined : Number(v));
  return (
    <Form layout="vertical" data-testid="field-editor">
      <Form.Item label={t('designer.models.key')} extra={keyLocked ? t('designer.models.keyLocked') : undefined}>
        <Input value={field.key} disabled={keyLocked} onChange={(e) => set({ key: e.target.value.trim() })} aria-label={t('designer.models.key')} />
      </Form.Item>
      <Form.Item label={t('designer.models.type')}>
        <Select value={field.type} showSearch={{ optionFilterProp: 'label' }} aria-label={t('designer.models.type')}
          onChange={(type) => onChange(retype(field, type))}
          options={fieldTypes.map((ft) => ({ value: ft, label: t(`designer.fieldTypes.${ft}`) }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item label={t('designer.models.label')}>
          <Input value={field.label ?? ''} onChange={(e) => set({ label: e.target.value })} aria-label={t('designer.models.label')} />
        </Form.Item>
        <Form.Item label={t('designer.models.labelEn')}>
          <Input value={field.labelEn ?? ''} onChange={(e) => set({ labelEn: e.target.value || undefined })} aria-label={t('designer.models.labelEn')} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Checkbox checked={!!field.required} onChange={(e) => set({ required: e.target.checked || undefined })}>{t('designer.models.required')}</Checkbox>
        <Checkbox checked={!!field.unique} onChange={(e) => set({ unique: e.target.checked || undefined })}>{t('designer.models.unique')}</Checkbox>
      </Space>
      <Divider style={{ margin: '12px 0' }} />
      <CopyFromEditor field={field} siblings={siblings} related={related} onChange={(copyFrom) => set({ copyFrom })} />
      {textTypes.includes(field.type) && (
        <Space wrap>
          <Form.Item label={t('designer.models.minLength')}><InputNumber min={0} value={field.minLength} onChange={(v) => set({ minLength: num(v) })} /></Form.Item>
          <Form.Item label={t('designer.models.maxLength')}><InputNumber min={1} value={field.maxLength} onChange={(v) => set({ maxLength: num(v) })} /></Form.Item>
          {field.type === 'text' && <Form.Item label={t('designer.models.pattern')}><Input value={field.pattern ?? ''} onChange={(e) => set({ pattern: e.target.value || undefined })} /></Form.Item>}
        </Space>
      )}
      {numberTypes.includes(field.type) && (
        <Space wrap>
          <Form.Item label={t('designer.models.min')}><InputNumber value={field.min} onChange={(v) => set({ min: num(v) })} /></Form.Item>
          <Form.Item label={t('designer.models.max')}><InputNumber value={field.max} onChange={(v) => set({ max: num(v) })} /></Form.Item>
        </Space>
      )}
      {(field.type === 'singleSelect' || field.type === 'multiSelect') && (
        <Form.Item label={t('designer.models.options')}>
          <OptionsEditor value={field.options ?? []} onChange={(options) => set({ options })} />
        </Form.Item>
      )}
      {field.type === 'relation' && <RelationEditor field={field} models={models} onChange={(relation) => set({ relation })} />}
      {field.type === 'autoNumber' && (
        <Form.Item label={t('designer.models.autoNumberPattern')} extra="{yyyyMMdd}-{0000}">
          <Input value={field.autoNumber?.pattern ?? ''} onChange={(e) => set({ autoNumber: { pattern: e.target.value } })} />
        </Form.Item>
      )}
      {field.type === 'formula' && (
        <>
          <Form.Item label={t('designer.models.formula')} extra={t('designer.models.formulaHint')}>
            <Input.TextArea rows={2} value={field.formula?.expression ?? ''} onChange={(e) => set({ formula: { resultType: field.formula?.resultType, expression: e.target.value } })} />
          </Form.Item>
          <Form.Item label={t('designer.models.resultType')}>
            <Select style={{ width: 160 }} value={field.formula?.resultType ?? 'number'} onChange={(resultType) => set({ formula: { expression: field.formula?.expression ?? '', resultType } })}
              options={['number', 'text', 'date', 'boolean'].map((v) => ({ value: v, label: t(`designer.models.resultTypes.${v}`) }))} />
          </Form.Item>
        </>
      )}
      {field.type === 'rollup' && (
        <Space wrap>
          <Form.Item label={t('designer.models.rollupRelation')}>
            <Select style={{ width: 160 }} value={field.rollup?.relation || undefined}
              options={siblings.filter((s) => s.type === 'relation' || s.type === 'subTable').map((s) => ({ value: s.key, label: s.label || s.key }))}
              onChange={(relation) => set({ rollup: { field: '', op: field.rollup?.op ?? 'sum', relation } })} />
          </Form.Item>
          <Form.Item label={t('designer.models.rollupField')}>
            <Input style={{ width: 140 }} value={field.rollup?.field ?? ''} onChange={(e) => set({ rollup: { relation: field.rollup?.relation ?? '', op: field.rollup?.op ?? 'sum', field: e.target.value } })} />
          </Form.Item>
          <Form.Item label={t('designer.models.rollupOp')}>
            <Select style={{ width: 120 }} value={field.rollup?.op ?? 'sum'} onChange={(op) => set({ rollup: { relation: field.rollup?.relation ?? '', field: field.rollup?.field ?? '', op } })}
              options={['sum', 'avg', 'min', 'max', 'count'].map((v) => ({ value: v, label: t(`designer.models.rollupOps.${v}`) }))} />
          </Form.Item>
        </Space>
      )}
      {field.type === 'subTable' && <SubFieldsEditor fields={field.subTable?.fields ?? []} models={models} related={related} onChange={(fields) => set({ subTable: { fields } })} />}
    </Form>
  );
}

function SubFieldsEditor({ fields, models, related, onChange }: {
  fields: FieldDefinition[]; models: { value: string; label: string }[]; related: Record<string, FieldDefinition[]>; onChange: (f: FieldDefinition[]) => void;
}) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<FieldDefinition>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Form.Item label={t('designer.models.subFields')}>
      <Table size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={fields}
        columns={[
          { title: t('designer.models.key'), render: (_, f, i) => <Input value={f.key} onChange={(e) => set(i, { key: e.target.value.trim() })} /> },
          { title: t('designer.models.type'), render: (_, f, i) => <Select style={{ width: 110 }} value={f.type} showSearch={{ optionFilterProp: 'label' }} aria-label={t('designer.models.type')} onChange={(type) => onChange(fields.map((x, j) => (j === i ? retype(x, type) : x)))} options={subFieldTypes.map((ft) => ({ value: ft, label: t(`designer.fieldTypes.${ft}`) }))} /> },
          { title: t('designer.models.label'), render: (_, f, i) => <Input value={f.label ?? ''} onChange={(e) => set(i, { label: e.target.value })} /> },
          { title: t('designer.models.required'), render: (_, f, i) => <Checkbox checked={!!f.required} onChange={(e) => set(i, { required: e.target.checked || undefined })} /> },
          { title: '', render: (_, __, i) => <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => onChange(fields.filter((_, j) => j !== i))} /> },
        ]}
        expandable={{
          rowExpandable: (f) => f.type === 'singleSelect' || f.type === 'relation' || (copyableTypes.has(f.type) && fields.some((s) => s.type === 'relation')),
          expandedRowRender: (f) => (
            <>
              {f.type === 'singleSelect' && <OptionsEditor value={f.options ?? []} onChange={(options) => onChange(fields.map((x) => (x === f ? { ...x, options } : x)))} />}
              {f.type === 'relation' && <RelationEditor field={f} models={models} kinds={['manyToOne']} onChange={(relation) => onChange(fields.map((x) => (x === f ? { ...x, relation } : x)))} />}
              <CopyFromEditor field={f} siblings={fields} related={related} onChange={(copyFrom) => onChange(fields.map((x) => (x === f ? { ...x, copyFrom } : x)))} />
            </>
          ),
        }}
      />
      <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => onChange([...fields, newField('text', fields)])}>{t('designer.models.addSubField')}</Button>
    </Form.Item>
  );
}
