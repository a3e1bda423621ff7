import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { DndContext, PointerSensor, pointerWithin, useSensor, useSensors, type CollisionDetection, type DragEndEvent } from '@dnd-kit/core';
import { RedoOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isContainer, layoutFieldKeys, type FormDefinition } from '../../shared/forms/FormDefinition';
import type { FieldDefinition, ModelDefinition } from '../../shared/models/ModelDefinition';
import { newBlock, newFieldNode, type BlockKind } from './blocks';
import { Canvas } from './Canvas';
import { parseSource, parseTarget } from './dndIds';
import { DefaultsPanel } from './DefaultsPanel';
import { designerReducer, initialDesignerState } from './formDesignerReducer';
import { FormPreview } from './FormPreview';
import { findNode, ROOT } from './layoutTree';
import { Palette } from './Palette';
import { PropertiesPanel } from './PropertiesPanel';
import { RuleBuilder } from './RuleBuilder';
import './FormDesigner.css';

/** Nested drop targets all contain the pointer: the innermost (smallest) one is meant. */
const innermost: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  const area = (id: string | number) => {
    const r = args.droppableRects.get(id);
    return r ? r.width * r.height : Infinity;
  };
  return [...hits].sort((a, b) => area(a.id) - area(b.id));
};

export type DesignerMode = 'design' | 'desktop' | 'phone';

export function FormDesigner({ app, model, initial, schema, onSave, saving }: {
  app: string;
  model: ModelDefinition;
  initial: FormDefinition;
  schema: object | null;
  onSave: (form: FormDefinition) => void;
  saving?: boolean;
}) {
  const { t } = useTranslation();
  const [state, dispatch] = useReducer(designerReducer, initial, initialDesignerState);
  const [mode, setMode] = useState<DesignerMode>('design');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const fields = useMemo(() => new Map(model.fields.map((f) => [f.key, f])), [model]);
  const placedList = useMemo(() => layoutFieldKeys(state.form.layout), [state.form.layout]);
  const placed = useMemo(() => new Set(placedList), [placedList]);
  const selectedNode = state.selected ? findNode(state.form.layout, state.selected) : null;
  const liveFields = model.fields.filter((f) => !f.retired);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, [contenteditable]')) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') { e.preventDefault(); dispatch({ type: e.shiftKey ? 'redo' : 'undo' }); }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') { e.preventDefault(); dispatch({ type: 'redo' }); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Double-click in the palette adds to the selected container (or after the selected node's container end).
  const targetContainer = () => (selectedNode && isContainer(selectedNode) && selectedNode.type !== 'row' && selectedNode.type !== 'tabs' ? selectedNode.id! : ROOT);
  const addField = (f: FieldDefinition) => dispatch({ type: 'insert', node: newFieldNode(f), parentId: targetContainer() });
  const addBlock = (kind: BlockKind) => dispatch({ type: 'insert', node: newBlock(kind, { section: t('designer.forms.block.section'), tab: t('designer.forms.tab') }), parentId: targetContainer() });

  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over) return;
    const source = parseSource(String(e.active.id));
    const target = parseTarget(String(e.over.id), state.form.layout);
    if (!source || !target) return;
    if (source.kind === 'node') dispatch({ type: 'move', id: source.id, ...target });
    else if (source.kind === 'field') {
      const f = fields.get(source.key);
      if (f) dispatch({ type: 'insert', node: newFieldNode(f), ...target });
    } else dispatch({ type: 'insert', node: newBlock(source.block as BlockKind, { section: t('designer.forms.block.section'), tab: t('designer.forms.tab') }), ...target });
  };

  const setRules = useCallback((rules: FormDefinition['rules']) => dispatch({ type: 'setRules', rules: rules ?? [] }), []);
  const setDefaults = useCallback((defaults: Record<string, unknown>) => dispatch({ type: 'setDefaults', defaults }), []);

  return (
    <div data-testid="form-designer">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>{state.form.name}</Typography.Title>
          <Button icon={<UndoOutlined />} disabled={state.past.length === 0} onClick={() => dispatch({ type: 'undo' })} aria-label={t('designer.forms.undo')}>{t('designer.forms.undo')}</Button>
          <Button icon={<RedoOutlined />} disabled={state.future.length === 0} onClick={() => dispatch({ type: 'redo' })} aria-label={t('designer.forms.redo')}>{t('designer.forms.redo')}</Button>
        </Space>
        <Space wrap>
          <Segmented<DesignerMode>
            value={mode}
            onChange={setMode}
            options={[
              { value: 'design', label: t('designer.forms.modeDesign') },
              { value: 'desktop', label: t('designer.forms.modeDesktop') },
              { value: 'phone', label: t('designer.forms.modePhone') },
            ]}
          />
          <Button onClick={() => download(state.form)}>{t('designer.forms.downloadJson')}</Button>
          <Button type="primary" loading={saving} onClick={() => onSave(state.form)}>{t('designer.forms.save')}</Button>
        </Space>
      </Space>
      {state.refused && <Alert type="warning" showIcon message={t(state.refused)} style={{ marginBottom: 12 }} />}
      {mode === 'design' ? (
        <DndContext sensors={sensors} collisionDetection={innermost} onDragEnd={onDragEnd}>
          <div className="lcd-designer">
            <div className="lcd-panel">
              <Palette fields={model.fields} placed={placed} onAddField={addField} onAddBlock={addBlock} />
            </div>
            <Canvas layout={state.form.layout} fields={fields} selected={state.selected}
              onSelect={(id) => dispatch({ type: 'select', id })} onRemove={(id) => dispatch({ type: 'remove', id })} />
            <div className="lcd-panel">
              <Tabs
                size="small"
                items={[
                  { key: 'props', label: t('designer.forms.properties'), children: <PropertiesPanel form={state.form} node={selectedNode} fields={fields} dispatch={dispatch} /> },
                  { key: 'rules', label: t('designer.forms.rules'), children: <RuleBuilder rules={state.form.rules ?? []} fields={liveFields} onChange={setRules} /> },
                  { key: 'defaults', label: t('designer.forms.defaults'), children: <DefaultsPanel form={state.form} model={model} placed={placedList} onChange={setDefaults} /> },
                ]}
              />
            </div>
          </div>
        </DndContext>
      ) : (
        <FormPreview form={state.form} model={model} schema={schema} device={mode} app={app} />
      )}
    </div>
  );
}

function download(form: FormDefinition) {
  const blob = new Blob([JSON.stringify(form, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${form.key}.json`;
  a.click();
  URL.revokeObjectURL(a.href);
}

