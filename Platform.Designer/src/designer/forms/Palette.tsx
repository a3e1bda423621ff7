import { useDraggable } from '@dnd-kit/core';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import { blockKinds, type BlockKind } from './blocks';
import { paletteBlockId, paletteFieldId } from './dndIds';

function PaletteItem({ id, label, hint, disabled, onAdd }: { id: string; label: string; hint?: string; disabled?: boolean; onAdd: () => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id, disabled });
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      className="lcd-palette-item"
      data-palette={id}
      aria-disabled={disabled}
      style={{ opacity: disabled ? 0.45 : isDragging ? 0.5 : 1 }}
      onDoubleClick={() => !disabled && onAdd()}
    >
      <span>{label}</span>
      {hint && <Tag style={{ marginInlineEnd: 0 }}>{hint}</Tag>}
    </div>
  );
}

/** The model's fields and the layout blocks; drag onto the canvas, or double-click to add to the selected container. */
export function Palette({ fields, placed, onAddField, onAddBlock }: {
  fields: FieldDefinition[];
  placed: Set<string>;
  onAddField: (field: FieldDefinition) => void;
  onAddBlock: (kind: BlockKind) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="form-palette">
      <Typography.Title level={5}>{t('designer.forms.layoutBlocks')}</Typography.Title>
      {blockKinds.map((kind) => (
        <PaletteItem key={kind} id={paletteBlockId(kind)} label={t(`designer.forms.block.${kind}`)} onAdd={() => onAddBlock(kind)} />
      ))}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('designer.forms.modelFields')}</Typography.Title>
      {fields.filter((f) => !f.retired).map((f) => (
        <PaletteItem
          key={f.key}
          id={paletteFieldId(f.key)}
          label={fieldLabel(f, i18n.language)}
          hint={t(`designer.fieldTypes.${f.type}`)}
          disabled={placed.has(f.key)}
          onAdd={() => onAddField(f)}
        />
      ))}
    </div>
  );
}
