import { Button, Checkbox, Empty, Form, Input, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ColumnNode, FieldProps, FormDefinition, LayoutNode, RowNode, TabsNode } from '../../shared/forms/FormDefinition';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import type { DesignerAction } from './formDesignerReducer';
import { newId } from './layoutTree';

/** Edits the selected node; with nothing selected, the form's own name. */
export function PropertiesPanel({ form, node, fields, dispatch }: {
  form: FormDefinition;
  node: LayoutNode | null;
  fields: Map<string, FieldDefinition>;
  dispatch: (a: DesignerAction) => void;
}) {
  const { t, i18n } = useTranslation();
  const update = (patch: Partial<LayoutNode>) => node && dispatch({ type: 'update', id: node.id!, patch });

  if (!node) {
    return (
      <Form layout="vertical" data-testid="form-properties">
        <Form.Item label={t('designer.forms.formName')}>
          <Input value={form.name} onChange={(e) => dispatch({ type: 'setForm', patch: { name: e.target.value } })} />
        </Form.Item>
        <Form.Item label={t('designer.forms.formNameEn')}>
          <Input value={form.nameEn ?? ''} onChange={(e) => dispatch({ type: 'setForm', patch: { nameEn: e.target.value } })} />
        </Form.Item>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.forms.selectHint')} />
      </Form>
    );
  }

  if (node.type === 'field' || node.type === 'subTable') {
    const field = fields.get(node.fieldKey);
    const p = node.props ?? {};
    const setProp = (patch: Partial<FieldProps>) => update({ props: { ...p, ...patch } } as Partial<LayoutNode>);
    return (
      <Form layout="vertical" data-testid="form-properties">
        <Form.Item label={t('designer.forms.field')}>{field ? `${fieldLabel(field, i18n.language)} (${field.key})` : node.fieldKey}</Form.Item>
        <Form.Item label={t('designer.forms.labelOverride')}>
          <Input value={p.label ?? ''} placeholder={field?.label} onChange={(e) => setProp({ label: e.target.value || undefined })} />
        </Form.Item>
        <Form.Item label={t('designer.forms.labelOverrideEn')}>
          <Input value={p.labelEn ?? ''} placeholder={field?.labelEn} onChange={(e) => setProp({ labelEn: e.target.value || undefined })} />
        </Form.Item>
        <Form.Item label={t('designer.forms.placeholder')}>
          <Input value={p.placeholder ?? ''} onChange={(e) => setProp({ placeholder: e.target.value || undefined })} />
        </Form.Item>
        <Form.Item label={t('designer.forms.help')}>
          <Input value={p.help ?? ''} onChange={(e) => setProp({ help: e.target.value || undefined })} />
        </Form.Item>
        <Checkbox checked={!!p.readOnly} onChange={(e) => setProp({ readOnly: e.target.checked || undefined })}>{t('designer.forms.readOnly')}</Checkbox>
        <Checkbox checked={!!p.hidden} onChange={(e) => setProp({ hidden: e.target.checked || undefined })}>{t('designer.forms.hidden')}</Checkbox>
        {node.type === 'subTable' && field?.subTable && (
          <Form.Item label={t('designer.forms.columns')} style={{ marginTop: 16 }}>
            <Checkbox.Group
              value={node.columns ?? field.subTable.fields.map((f) => f.key)}
              options={field.subTable.fields.map((f) => ({ value: f.key, label: fieldLabel(f, i18n.language) }))}
              onChange={(v) => update({ columns: v as string[] } as Partial<LayoutNode>)}
            />
          </Form.Item>
        )}
      </Form>
    );
  }

  if (node.type === 'section' || node.type === 'tab') {
    return (
      <Form layout="vertical" data-testid="form-properties">
        <Form.Item label={t('designer.forms.title')}>
          <Input value={node.title ?? ''} onChange={(e) => update({ title: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('designer.forms.titleEn')}>
          <Input value={node.titleEn ?? ''} onChange={(e) => update({ titleEn: e.target.value })} />
        </Form.Item>
      </Form>
    );
  }

  if (node.type === 'tabs') {
    const tabs = node as TabsNode;
    return (
      <Space direction="vertical" data-testid="form-properties">
        <Button onClick={() => update({ children: [...tabs.children, { type: 'tab', id: newId('tab'), title: `${t('designer.forms.tab')} ${tabs.children.length + 1}`, children: [] }] } as Partial<LayoutNode>)}>
          {t('designer.forms.addTab')}
        </Button>
      </Space>
    );
  }

  if (node.type === 'row' || node.type === 'column') {
    const row = node as RowNode | ColumnNode;
    if (row.type === 'column') {
      return (
        <Form layout="vertical" data-testid="form-properties">
          <Form.Item label={t('designer.forms.span')}>
            <InputNumber min={1} max={24} value={row.span} onChange={(v) => update({ span: Number(v) || 24 } as Partial<LayoutNode>)} />
          </Form.Item>
        </Form>
      );
    }
    return (
      <Space direction="vertical" data-testid="form-properties">
        {row.children.map((col, i) => (
          <Space key={col.id}>
            {t('designer.forms.column')} {i + 1}
            <InputNumber min={1} max={24} value={col.span}
              onChange={(v) => update({ children: row.children.map((c) => (c.id === col.id ? { ...c, span: Number(v) || 24 } : c)) } as Partial<LayoutNode>)} />
          </Space>
        ))}
        <Button onClick={() => update({ children: [...row.children, { type: 'column', id: newId('column'), span: 8, children: [] }] } as Partial<LayoutNode>)}>
          {t('designer.forms.addColumn')}
        </Button>
      </Space>
    );
  }
  return null;
}
