import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldOption } from '../../shared/models/ModelDefinition';

/** "报价, 价格，折扣" → ["报价", "价格", "折扣"]; empty → undefined (no keywords). */
function keywordList(text: string): string[] | undefined {
  const list = text.split(/[,，、]/).map((k) => k.trim()).filter((k, i, all) => k !== '' || i === all.length - 1);
  return list.length === 0 || (list.length === 1 && list[0] === '') ? undefined : list;
}

/** The choices of a single- or multi-select field: stored value, Chinese and English labels, colour, keywords that suggest it. */
export function OptionsEditor({ value, onChange }: { value: FieldOption[]; onChange: (o: FieldOption[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<FieldOption>) => onChange(value.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="options-editor">
      {value.map((o, i) => (
        <Space key={i} wrap>
          <Input style={{ width: 110 }} placeholder={t('designer.models.optionValue')} value={o.value} onChange={(e) => set(i, { value: e.target.value })} aria-label={t('designer.models.optionValue')} />
          <Input style={{ width: 110 }} placeholder={t('designer.models.label')} value={o.label ?? ''} onChange={(e) => set(i, { label: e.target.value || undefined })} />
          <Input style={{ width: 110 }} placeholder={t('designer.models.labelEn')} value={o.labelEn ?? ''} onChange={(e) => set(i, { labelEn: e.target.value || undefined })} />
          <Input style={{ width: 160 }} placeholder={t('suggest.keywords')} aria-label={t('suggest.keywords')} value={(o.keywords ?? []).join(', ')}
            onChange={(e) => set(i, { keywords: keywordList(e.target.value) })} />
          <input type="color" value={o.color ?? '#1677ff'} onChange={(e) => set(i, { color: e.target.value })} aria-label={t('designer.models.color')} />
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={t('designer.models.remove')} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...value, { value: '' }])}>{t('designer.models.addOption')}</Button>
    </Space>
  );
}
