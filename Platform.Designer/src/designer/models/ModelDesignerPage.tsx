import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { closestCenter, DndContext, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Drawer, Dropdown, Form, Input, List, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { AppFrame } from '../../app/AppFrame';
import { useAppPackage } from '../../app/useAppPackage';
import { ApiError } from '../../shared/api';
import { fieldLabel, fieldTypes, modelName, type FieldDefinition, type ModelDefinition } from '../../shared/models/ModelDefinition';
import { modelsApi, withPackageFallback, type MigrationPlan } from '../../shared/platformApi';
import { FieldEditor } from './FieldEditor';
import { MigrationPlanView } from './MigrationPlanView';
import { modelProblems, moveField, newField, removeOrRetire } from './modelEdits';

/** #/apps/:app/models/:model[?new=1]: the model's fields; saving shows the migration plan first. */
export default function ModelDesignerPage() {
  const { app = '', model: modelKey = '' } = useParams();
  const [search] = useSearchParams();
  const pkg = useAppPackage(app);
  const loaded = useQuery({
    queryKey: ['model', app, modelKey],
    enabled: !!pkg.data,
    queryFn: () =>
      withPackageFallback(
        () => modelsApi.get(app, modelKey),
        async () => pkg.data?.models?.find((m) => m.key === modelKey),
      ).then((m) => m ?? null),
  });
  const isNew = !loaded.data && search.get('new') === '1';
  let body;
  if (pkg.isLoading || loaded.isLoading) body = <Spin />;
  else if (loaded.error) body = <Alert type="error" message={String(loaded.error)} />;
  else if (!loaded.data && !isNew) body = <Alert type="warning" showIcon message={modelKey} />;
  else body = <ModelDesigner key={modelKey} app={app} initial={loaded.data ?? { key: modelKey, name: '', fields: [] }} isNew={isNew}
    models={(pkg.data?.models ?? []).map((m) => m.key).concat(isNew ? [modelKey] : [])}
    related={Object.fromEntries((pkg.data?.models ?? []).map((m) => [m.key, m.fields]))} />;
  return <AppFrame app={app} appName={pkg.data?.name} trail={modelKey}>{body}</AppFrame>;
}

function SortableField({ id, children }: { id: string; children: (handle: React.ReactNode) => React.ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id });
  return (
    <div ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }}>
      {children(<span {...attributes} {...listeners} style={{ cursor: 'grab', touchAction: 'none', color: '#999' }}><HolderOutlined /></span>)}
    </div>
  );
}

function ModelDesigner({ app, initial, isNew, models, related }: {
  app: string; initial: ModelDefinition; isNew: boolean; models: string[]; related: Record<string, FieldDefinition[]>;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [model, setModel] = useState<ModelDefinition>(initial);
  const [editing, setEditing] = useState<number | null>(null);
  const [plan, setPlan] = useState<MigrationPlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const saved = useMemo(() => new Set(isNew ? [] : initial.fields.map((f) => f.key)), [initial, isNew]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const lang = i18n.language;
  useEffect(() => setProblems({}), [model]);

  const setFields = (fields: FieldDefinition[]) => setModel({ ...model, fields });
  const add = (type: FieldDefinition['type']) => {
    setFields([...model.fields, newField(type, model.fields)]);
    setEditing(model.fields.length);
  };
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over) return;
    const from = model.fields.findIndex((f) => f.key === e.active.id);
    const to = model.fields.findIndex((f) => f.key === e.over!.id);
    setFields(moveField(model.fields, from, to));
  };

  const requestPlan = async () => {
    const found = modelProblems(model, models);
    setProblems(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      setPlan((await modelsApi.plan(app, model)) ?? {});
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    setBusy(true);
    try {
      await modelsApi.save(app, model);
      setPlan(null);
      message.success(t('designer.models.saved'));
      void queryClient.invalidateQueries({ queryKey: ['package', app] });
      void queryClient.invalidateQueries({ queryKey: ['model', app, model.key] });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const showError = (e: unknown) => {
    if (e instanceof ApiError && e.problem.errors) setProblems(Object.fromEntries(Object.entries(e.problem.errors).map(([k, v]) => [k, v.map((m) => `!${m}`)])));
    message.error(e instanceof ApiError ? `${e.status} ${e.problem.title ?? ''}` : String(e));
  };
  const problemText = (p: string) => (p.startsWith('!') ? p.slice(1) : t(`designer.models.problems.${p}`));

  return (
    <div data-testid="model-designer" style={{ maxWidth: 1000, margin: '0 auto' }}>
      <Card title={`${t('designer.models.title')}: ${modelName(model, lang)}`}
        extra={<Button type="primary" loading={busy} onClick={requestPlan}>{t('designer.models.save')}</Button>}>
        <Form layout="vertical">
          <Space wrap>
            <Form.Item label={t('designer.models.modelName')} validateStatus={problems.$name ? 'error' : undefined} help={problems.$name?.map(problemText).join(' ')}>
              <Input value={model.name} onChange={(e) => setModel({ ...model, name: e.target.value })} aria-label={t('designer.models.modelName')} />
            </Form.Item>
            <Form.Item label={t('designer.models.modelNameEn')}>
              <Input value={model.nameEn ?? ''} onChange={(e) => setModel({ ...model, nameEn: e.target.value || undefined })} />
            </Form.Item>
            <Form.Item label={t('designer.models.displayField')}>
              <Select style={{ width: 180 }} allowClear value={model.displayField} onChange={(displayField) => setModel({ ...model, displayField })}
                options={model.fields.filter((f) => !f.retired).map((f) => ({ value: f.key, label: fieldLabel(f, lang) }))} />
            </Form.Item>
          </Space>
        </Form>
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={model.fields.map((f) => f.key)} strategy={verticalListSortingStrategy}>
            <List bordered data-testid="model-fields" dataSource={model.fields} locale={{ emptyText: t('designer.models.noFields') }}
              renderItem={(f, i) => (
                <SortableField id={f.key}>
                  {(handle) => (
                    <List.Item data-field-key={f.key}
                      actions={[
                        <Button key="up" size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => setFields(moveField(model.fields, i, i - 1))} aria-label={t('designer.models.up')} />,
                        <Button key="down" size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === model.fields.length - 1} onClick={() => setFields(moveField(model.fields, i, i + 1))} aria-label={t('designer.models.down')} />,
                        <a key="edit" onClick={() => setEditing(i)}>{t('designer.models.edit')}</a>,
                        <a key="retire" onClick={() => setFields(removeOrRetire(model.fields, f.key, saved))}>
                          {saved.has(f.key) ? (f.retired ? t('designer.models.restore') : t('designer.models.retire')) : t('designer.models.remove')}
                        </a>,
                      ]}>
                      <Space wrap>
                        {handle}
                        <Typography.Text delete={f.retired}>{fieldLabel(f, lang)}</Typography.Text>
                        <Typography.Text type="secondary">{f.key}</Typography.Text>
                        <Tag>{t(`designer.fieldTypes.${f.type}`)}</Tag>
                        {f.required && <Tag color="red">{t('designer.models.required')}</Tag>}
                        {f.unique && <Tag color="blue">{t('designer.models.unique')}</Tag>}
                        {f.relation?.model && <Tag color="purple">→ {f.relation.model}</Tag>}
                        {f.retired && <Tag>{t('designer.models.retired')}</Tag>}
                        {Object.entries(problems).filter(([k]) => k === f.key || k.startsWith(`${f.key}.`)).flatMap(([, ps]) => ps).map((p, j) => (
                          <Typography.Text key={j} type="danger">{problemText(p)}</Typography.Text>
                        ))}
                      </Space>
                    </List.Item>
                  )}
                </SortableField>
              )} />
          </SortableContext>
        </DndContext>
        <Dropdown trigger={['click']} menu={{ items: fieldTypes.map((ft) => ({ key: ft, label: t(`designer.fieldTypes.${ft}`) })), onClick: ({ key }) => add(key as FieldDefinition['type']) }}>
          <Button icon={<PlusOutlined />} style={{ marginTop: 12 }}>{t('designer.models.addField')}</Button>
        </Dropdown>
      </Card>
      <Drawer open={editing !== null} width={560} title={t('designer.models.editField')} onClose={() => setEditing(null)} destroyOnHidden>
        {editing !== null && model.fields[editing] && (
          <FieldEditor field={model.fields[editing]} keyLocked={saved.has(model.fields[editing].key)} siblings={model.fields} related={related}
            models={models.map((m) => ({ value: m, label: m }))}
            onChange={(f) => setFields(model.fields.map((x, j) => (j === editing ? f : x)))} />
        )}
      </Drawer>
      <Modal open={plan !== null} title={t('designer.models.planTitle')} okText={t('designer.models.apply')} confirmLoading={busy} onOk={apply} onCancel={() => setPlan(null)} width={640}>
        <MigrationPlanView plan={plan} />
      </Modal>
    </div>
  );
}
