import { Form, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabel, type FieldDefinition, type FieldType } from '../../shared/models/ModelDefinition';

/** Field types whose value can be copied from a related record (the server takes them as stored columns). */
export const copyableTypes: ReadonlySet<FieldType> = new Set([
  'text', 'longText', 'number', 'decimal', 'percent', 'date', 'datetime', 'boolean', 'singleSelect', 'email', 'phone', 'url', 'rating', 'user', 'department',
]);

/** Fields of the related model that hold a stored value to copy. */
const sourceTypes: ReadonlySet<FieldType> = new Set([...copyableTypes, 'formula', 'autoNumber']);

/**
 * "Copy value from" (copyFrom, like 简道云 数据联动): a many-to-one relation beside the field and a field of
 * the record it points to. The server copies that value in when the record (or line) is saved with a new
 * relation and keeps it as a snapshot; users cannot type it.
 */
export function CopyFromEditor({ field, siblings, related, onChange }: {
  field: FieldDefinition;
  siblings: FieldDefinition[];
  /** Fields of the app's models, by model key. */
  related: Record<string, FieldDefinition[]>;
  onChange: (copyFrom: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const relations = siblings.filter((s) => s.key !== field.key && s.type === 'relation' && (s.relation?.kind ?? 'manyToOne') === 'manyToOne');
  if (!copyableTypes.has(field.type) || relations.length === 0) return null;
  const [relationKey, sourceKey] = field.copyFrom?.split('.') ?? [];
  const relation = relations.find((r) => r.key === relationKey);
  const sources = (relation ? related[relation.relation?.model ?? ''] ?? [] : []).filter((f) => sourceTypes.has(f.type) && !f.retired);
  return (
    <Space wrap data-testid="copy-from">
      <Form.Item label={t('designer.models.copyFrom')} extra={t('designer.models.copyFromHint')}>
        <Select style={{ width: 160 }} allowClear value={relation?.key} aria-label={t('designer.models.copyFrom')} data-testid="copy-from-relation"
          options={relations.map((r) => ({ value: r.key, label: fieldLabel(r, i18n.language) }))}
          onChange={(key?: string) => {
            // A field of the same key on the related model is the likely source (list_price ← product.list_price).
            const model = relations.find((r) => r.key === key)?.relation?.model ?? '';
            const same = (related[model] ?? []).find((f) => f.key === field.key && sourceTypes.has(f.type));
            onChange(key ? `${key}.${same?.key ?? ''}` : undefined);
          }} />
      </Form.Item>
      {relation && (
        <Form.Item label={t('designer.models.copyFromField')}>
          <Select style={{ width: 160 }} value={sourceKey || undefined} aria-label={t('designer.models.copyFromField')} data-testid="copy-from-field"
            options={sources.map((s) => ({ value: s.key, label: fieldLabel(s, i18n.language) }))}
            onChange={(key: string) => onChange(`${relation.key}.${key}`)} />
        </Form.Item>
      )}
    </Space>
  );
}
