import { Button, Input, InputNumber, Segmented, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fieldLabel, optionLabel, type ModelDefinition } from '../../shared/models/ModelDefinition';
import { RelationPicker } from './RelationPicker';
import { addChild, emptyGroup, fieldChoices, newId, operatorsFor, updateNode, valueKind, type Condition, type FieldChoice, type Group } from './filterModel';

/** Builds an and/or tree of conditions; the table turns it into the JSON filter. */
export function FilterBuilder({ app, model, models, value, onChange }: { app: string; model: ModelDefinition; models: ModelDefinition[]; value: Group; onChange: (g: Group) => void }) {
  const { i18n } = useTranslation();
  const choices = fieldChoices(model, models);
  const label = (c: FieldChoice) => (c.via ? `${fieldLabel(c.via, i18n.language)} / ${fieldLabel(c.field, i18n.language)}` : fieldLabel(c.field, i18n.language));
  return (
    <div data-testid="filter-builder">
      <GroupView app={app} models={models} group={value} root={value} choices={choices} label={label} onChange={onChange} depth={0} />
    </div>
  );
}

function GroupView({ app, models, group, root, choices, label, onChange, depth }: {
  app: string; models: ModelDefinition[]; group: Group; root: Group; choices: FieldChoice[]; label: (c: FieldChoice) => string; onChange: (g: Group) => void; depth: number;
}) {
  const { t } = useTranslation();
  const first = choices[0];
  const addCondition = () => first && onChange(addChild(root, group.id, { kind: 'condition', id: newId(), field: first.path, op: operatorsFor(first.field)[0] }));
  return (
    <div style={{ borderLeft: depth ? '2px solid #d9d9d9' : undefined, paddingLeft: depth ? 8 : 0, marginBottom: 6 }} data-testid="filter-group">
      <Space wrap size={4} style={{ marginBottom: 6 }}>
        <Segmented size="small" value={group.join} data-testid="filter-join"
          options={[{ value: 'and', label: t('table.filter.and') }, { value: 'or', label: t('table.filter.or') }]}
          onChange={(v) => onChange(group.id === root.id ? { ...root, join: v as Group['join'] } : updateNode(root, group.id, (n) => ({ ...(n as Group), join: v as Group['join'] })))} />
        <Button size="small" icon={<PlusOutlined />} onClick={addCondition} data-testid="filter-add">{t('table.filter.addCondition')}</Button>
        {depth < 3 && <Button size="small" icon={<PlusOutlined />} onClick={() => onChange(addChild(root, group.id, emptyGroup('or')))}>{t('table.filter.addGroup')}</Button>}
        {depth > 0 && <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('table.filter.remove')} onClick={() => onChange(updateNode(root, group.id, () => null))} />}
      </Space>
      {group.children.map((child) => child.kind === 'group'
        ? <GroupView key={child.id} app={app} models={models} group={child} root={root} choices={choices} label={label} onChange={onChange} depth={depth + 1} />
        : <ConditionView key={child.id} app={app} models={models} cond={child} root={root} choices={choices} label={label} onChange={onChange} />)}
    </div>
  );
}

function ConditionView({ app, models, cond, root, choices, label, onChange }: { app: string; models: ModelDefinition[]; cond: Condition; root: Group; choices: FieldChoice[]; label: (c: FieldChoice) => string; onChange: (g: Group) => void }) {
  const { t, i18n } = useTranslation();
  const choice = choices.find((c) => c.path === cond.field);
  const set = (patch: Partial<Condition>) => onChange(updateNode(root, cond.id, (n) => ({ ...(n as Condition), ...patch })));
  const ops = choice ? operatorsFor(choice.field) : [];
  const kind = choice ? valueKind(choice.field, cond.op) : 'none';
  const options = (choice?.field.options ?? []).map((o) => ({ value: o.value, label: optionLabel(o, i18n.language) }));
  const range = Array.isArray(cond.value) ? cond.value : ['', ''];
  let editor: React.ReactNode = null;
  const target = choice?.field.type === 'relation' && choice.field.relation?.kind === 'manyToOne' ? models.find((m) => m.key === choice.field.relation!.model) : undefined;
  if (target && (kind === 'text' || kind === 'texts')) {
    editor = <RelationPicker app={app} target={target} multiple={kind === 'texts'} value={cond.value as string | string[] | undefined} onChange={(v) => set({ value: v })} />;
  } else switch (kind) {
    case 'text': editor = <Input size="small" style={{ width: 160 }} value={(cond.value as string) ?? ''} data-testid="filter-value" onChange={(e) => set({ value: e.target.value })} />; break;
    case 'texts': editor = <Input size="small" style={{ width: 180 }} placeholder={t('table.filter.listHint')} value={(cond.value as string) ?? ''} data-testid="filter-value" onChange={(e) => set({ value: e.target.value })} />; break;
    case 'number': editor = <InputNumber size="small" style={{ width: 120 }} value={cond.value as number} data-testid="filter-value" onChange={(v) => set({ value: v })} />; break;
    case 'numberRange': editor = (
      <Space size={2}>
        <InputNumber size="small" style={{ width: 90 }} value={range[0] as number} onChange={(v) => set({ value: [v, range[1]] })} />
        <InputNumber size="small" style={{ width: 90 }} value={range[1] as number} onChange={(v) => set({ value: [range[0], v] })} />
      </Space>); break;
    case 'date': editor = <Input size="small" type="date" style={{ width: 150 }} value={(cond.value as string) ?? ''} data-testid="filter-value" onChange={(e) => set({ value: e.target.value })} />; break;
    case 'dateRange': editor = (
      <Space size={2}>
        <Input size="small" type="date" style={{ width: 140 }} value={(range[0] as string) ?? ''} onChange={(e) => set({ value: [e.target.value, range[1]] })} />
        <Input size="small" type="date" style={{ width: 140 }} value={(range[1] as string) ?? ''} onChange={(e) => set({ value: [range[0], e.target.value] })} />
      </Space>); break;
    case 'boolean': editor = <Select size="small" style={{ width: 90 }} value={cond.value as boolean} data-testid="filter-value" onChange={(v) => set({ value: v })}
      options={[{ value: true, label: t('table.yes') }, { value: false, label: t('table.no') }]} />; break;
    case 'option': editor = <Select size="small" style={{ width: 160 }} value={cond.value as string} options={options} data-testid="filter-value" onChange={(v) => set({ value: v })} />; break;
    case 'options': editor = <Select size="small" mode="multiple" style={{ minWidth: 160 }} value={(cond.value as string[]) ?? []} options={options} data-testid="filter-value" onChange={(v) => set({ value: v })} />; break;
  }
  return (
    <Space wrap size={4} style={{ marginBottom: 4, display: 'flex' }} data-testid="filter-condition">
      <Select size="small" showSearch optionFilterProp="label" style={{ width: 180 }} value={cond.field} data-testid="filter-field"
        options={choices.map((c) => ({ value: c.path, label: label(c) }))}
        onChange={(path) => { const c = choices.find((x) => x.path === path)!; set({ field: path, op: operatorsFor(c.field)[0], value: undefined }); }} />
      <Select size="small" style={{ width: 120 }} value={cond.op} data-testid="filter-op"
        options={ops.map((op) => ({ value: op, label: t(`table.op.${op}`) }))}
        onChange={(op) => set({ op, value: undefined })} />
      {editor}
      <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('table.filter.remove')} onClick={() => onChange(updateNode(root, cond.id, () => null))} />
    </Space>
  );
}
