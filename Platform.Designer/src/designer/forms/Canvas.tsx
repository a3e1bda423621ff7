import { useDraggable, useDroppable } from '@dnd-kit/core';
import { DeleteOutlined, HolderOutlined } from '@ant-design/icons';
import { Button, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayoutNode, TabsNode } from '../../shared/forms/FormDefinition';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import { beforeId, intoId, nodeDragId } from './dndIds';
import { ROOT } from './layoutTree';

interface CanvasProps {
  layout: LayoutNode[];
  fields: Map<string, FieldDefinition>;
  selected: string | null;
  onSelect: (id: string | null) => void;
  onRemove: (id: string) => void;
}

/** The form as boxes the builder arranges: every node can be dragged, every container takes drops. */
export function Canvas(props: CanvasProps) {
  const { t } = useTranslation();
  return (
    <div className="lcd-canvas" data-testid="form-canvas" onClick={() => props.onSelect(null)}>
      <DropZone containerId={ROOT} empty={props.layout.length === 0} hint={t('designer.forms.dropHere')}>
        {props.layout.map((n) => <CanvasNode key={n.id} node={n} {...props} />)}
      </DropZone>
    </div>
  );
}

function DropZone({ containerId, empty, hint, children, horizontal }: { containerId: string; empty: boolean; hint: string; children?: ReactNode; horizontal?: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: intoId(containerId) });
  return (
    <div ref={setNodeRef} className={`lcd-zone${isOver ? ' lcd-over' : ''}${horizontal ? ' lcd-zone-h' : ''}`} data-zone={containerId}>
      {children}
      {empty && <div className="lcd-empty">{hint}</div>}
    </div>
  );
}

function CanvasNode({ node, ...props }: CanvasProps & { node: LayoutNode }) {
  const { t, i18n } = useTranslation();
  const id = node.id!;
  const drag = useDraggable({ id: nodeDragId(id) });
  const drop = useDroppable({ id: beforeId(id) });
  const selected = props.selected === id;
  const lang = i18n.language;

  let body: ReactNode;
  let title: ReactNode;
  switch (node.type) {
    case 'field':
    case 'subTable': {
      const field = props.fields.get(node.fieldKey);
      title = (
        <>
          {node.props?.label || (field ? fieldLabel(field, lang) : node.fieldKey)}{' '}
          <Tag>{field ? t(`designer.fieldTypes.${field.type}`) : t('designer.forms.missingField')}</Tag>
          {field?.required && <Tag color="red">{t('designer.forms.required')}</Tag>}
        </>
      );
      break;
    }
    case 'section':
      title = <>{t('designer.forms.block.section')}: {(lang === 'en' ? node.titleEn || node.title : node.title) ?? ''}</>;
      body = <DropZone containerId={id} empty={node.children.length === 0} hint={t('designer.forms.dropHere')}>{node.children.map((c) => <CanvasNode key={c.id} node={c} {...props} />)}</DropZone>;
      break;
    case 'row':
      title = t('designer.forms.block.row', { count: node.children.length });
      body = (
        <div className="lcd-row">
          {node.children.map((col) => (
            <div key={col.id} style={{ flex: `${col.span} 1 0`, minWidth: 0 }} onClick={(e) => { e.stopPropagation(); props.onSelect(col.id!); }}
              className={props.selected === col.id ? 'lcd-col lcd-selected' : 'lcd-col'} data-node={col.id}>
              <div className="lcd-col-title">{col.span}/24</div>
              <DropZone containerId={col.id!} empty={col.children.length === 0} hint={t('designer.forms.dropHere')}>
                {col.children.map((c) => <CanvasNode key={c.id} node={c} {...props} />)}
              </DropZone>
            </div>
          ))}
        </div>
      );
      break;
    case 'tabs':
      title = t('designer.forms.block.tabs');
      body = <CanvasTabs node={node} {...props} />;
      break;
    default:
      title = node.type;
  }

  return (
    <div
      ref={(el) => { drag.setNodeRef(el); drop.setNodeRef(el); }}
      className={`lcd-node lcd-node-${node.type}${selected ? ' lcd-selected' : ''}${drop.isOver ? ' lcd-before' : ''}`}
      style={{ opacity: drag.isDragging ? 0.4 : 1 }}
      data-node={id}
      onClick={(e) => { e.stopPropagation(); props.onSelect(id); }}
    >
      <div className="lcd-node-head">
        <span className="lcd-handle" {...drag.listeners} {...drag.attributes} aria-label={t('designer.forms.drag')}>
          <HolderOutlined />
        </span>
        <span className="lcd-node-title">{title}</span>
        {selected && (
          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.forms.remove')}
            onClick={(e) => { e.stopPropagation(); props.onRemove(id); }} />
        )}
      </div>
      {body}
    </div>
  );
}

function CanvasTabs({ node, ...props }: CanvasProps & { node: TabsNode }) {
  const { t, i18n } = useTranslation();
  const [active, setActive] = useState(0);
  const tab = node.children[Math.min(active, node.children.length - 1)];
  return (
    <div>
      <div className="lcd-tabs">
        {node.children.map((tb, i) => (
          <button key={tb.id} type="button" className={tb === tab ? 'lcd-tab lcd-tab-on' : 'lcd-tab'}
            onClick={(e) => { e.stopPropagation(); setActive(i); props.onSelect(tb.id!); }}>
            {(i18n.language === 'en' ? tb.titleEn || tb.title : tb.title) || `${t('designer.forms.tab')} ${i + 1}`}
          </button>
        ))}
      </div>
      {tab && (
        <DropZone containerId={tab.id!} empty={tab.children.length === 0} hint={t('designer.forms.dropHere')}>
          {tab.children.map((c) => <CanvasNode key={c.id} node={c} {...props} />)}
        </DropZone>
      )}
    </div>
  );
}
