import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ruleActions, type Rule, type RuleAction } from '../../shared/forms/FormDefinition';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import { ConditionEditor, ValueInput } from './ConditionEditor';
import { newId } from './layoutTree';

/** Linkage rules: when a condition holds, show / hide / require / make read-only / set fields. */
export function RuleBuilder({ rules, fields, onChange }: { rules: Rule[]; fields: FieldDefinition[]; onChange: (rules: Rule[]) => void }) {
  const { t, i18n } = useTranslation();
  const set = (i: number, rule: Rule) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  const fieldOptions = fields.map((f) => ({ value: f.key, label: fieldLabel(f, i18n.language) }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="rule-builder">
      {rules.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.rules.none')} />}
      {rules.map((rule, i) => (
        <Card key={rule.id ?? i} size="small" data-rule={i}
          title={t('designer.rules.rule', { n: i + 1 })}
          extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.rules.removeRule')} onClick={() => onChange(rules.filter((_, j) => j !== i))} />}>
          <Typography.Text type="secondary">{t('designer.rules.when')}</Typography.Text>
          <ConditionEditor value={rule.when} fields={fields} onChange={(when) => set(i, { ...rule, when })} />
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>{t('designer.rules.then')}</Typography.Text>
          <Space direction="vertical" style={{ width: '100%' }}>
            {rule.then.map((action, k) => {
              const setAction = (a: RuleAction) => set(i, { ...rule, then: rule.then.map((x, m) => (m === k ? a : x)) });
              return (
                <Space key={k} wrap>
                  <Select style={{ minWidth: 100 }} value={action.action} aria-label={t('designer.rules.action')} onChange={(v) => setAction({ ...action, action: v })}
                    options={ruleActions.map((a) => ({ value: a, label: t(a === 'suggest' ? 'suggest.action' : `designer.rules.actions.${a}`) }))} />
                  <Select style={{ minWidth: 120 }} value={action.field} aria-label={t('designer.rules.target')} onChange={(v) => setAction({ ...action, field: v })} options={fieldOptions} />
                  {action.action === 'suggest' && (
                    <Select style={{ minWidth: 120 }} allowClear value={action.from} aria-label={t('suggest.from')} placeholder={t('suggest.from')}
                      onChange={(v) => setAction({ ...action, from: v || undefined })} options={fieldOptions} />
                  )}
                  {action.action === 'setValue' && (
                    <ValueInput field={fields.find((f) => f.key === action.field)} value={action.value} onChange={(v) => setAction({ ...action, value: v })} />
                  )}
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.rules.remove')}
                    onClick={() => set(i, { ...rule, then: rule.then.filter((_, m) => m !== k) })} />
                </Space>
              );
            })}
            <Button size="small" icon={<PlusOutlined />} onClick={() => set(i, { ...rule, then: [...rule.then, { action: 'show', field: fields[0]?.key ?? '' }] })}>
              {t('designer.rules.addAction')}
            </Button>
          </Space>
        </Card>
      ))}
      <Button type="dashed" block icon={<PlusOutlined />}
        onClick={() => onChange([...rules, { id: newId('rule'), when: { and: [{ field: fields[0]?.key ?? '', op: 'eq', value: '' }] }, then: [{ action: 'show', field: fields[1]?.key ?? fields[0]?.key ?? '' }] }])}>
        {t('designer.rules.addRule')}
      </Button>
    </Space>
  );
}
