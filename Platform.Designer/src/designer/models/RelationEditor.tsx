import { Form, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';

type RelationKind = NonNullable<FieldDefinition['relation']>['kind'];
const allKinds: RelationKind[] = ['manyToOne', 'oneToMany', 'manyToMany'];

/** A relation field's kind and target model; sub-table lines only hold many-to-one relations, so they pass that kind alone. */
export function RelationEditor({ field, models, kinds = allKinds, onChange }: {
  field: FieldDefinition;
  models: { value: string; label: string }[];
  kinds?: RelationKind[];
  onChange: (relation: NonNullable<FieldDefinition['relation']>) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space wrap data-testid="relation-editor">
      <Form.Item label={t('designer.models.relationKind')}>
        <Select style={{ width: 160 }} value={field.relation?.kind} aria-label={t('designer.models.relationKind')}
          onChange={(kind) => onChange({ model: field.relation?.model ?? '', kind })}
          options={kinds.map((k) => ({ value: k, label: t(`designer.models.relationKinds.${k}`) }))} />
      </Form.Item>
      <Form.Item label={t('designer.models.relationModel')}>
        <Select style={{ width: 180 }} value={field.relation?.model || undefined} options={models} aria-label={t('designer.models.relationModel')}
          onChange={(model) => onChange({ kind: field.relation?.kind ?? 'manyToOne', model })} />
      </Form.Item>
    </Space>
  );
}
