import { useMemo, type ReactNode } from 'react';
import { App as AntApp, Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import { modelName, type ModelDefinition } from '../../shared/models/ModelDefinition';
import type { RecordJson } from '../../shared/platformApi';
import { FormStore } from '../form/FormStore';
import { changedValues } from '../form/changedValues';
import { SaveableForm } from '../form/SaveableForm';
import { useRecordSave } from '../form/useRecordSave';
import { generatedFormKey, valuesFromQuery } from './recordForm';

/** The record's form rendered by the form runner: create, or edit with If-Match and the merge prompt on 409. */
export function RecordFormCard({ app, model, form, schema, record, prefill, onSaved, actions }: {
  app: string;
  model: ModelDefinition;
  form: FormDefinition;
  schema: object | null;
  record?: RecordJson;
  prefill: URLSearchParams;
  onSaved: (saved: RecordJson) => void;
  /** Shown in the card's header beside the version (e.g. the pool's claim and release buttons). */
  actions?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const store = useMemo(() => {
    const s = new FormStore(model, form, { schema, values: record });
    if (!record) for (const [key, value] of Object.entries(valuesFromQuery(model, prefill))) s.setValue(key, value);
    return s;
    // The query string only seeds a new record once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, form, schema, record]);
  const save = useRecordSave({
    app, model: model.key, record, store, fixErrors: t('record.fixErrors'),
    formKey: form.key === generatedFormKey(model.key) ? undefined : form.key,
    onSaved: (saved, created) => {
      message.success(t(created ? 'record.created' : 'record.saved'));
      onSaved(saved);
      if (created) navigate(`/apps/${app}/models/${model.key}/records/${saved.id}`, { replace: true });
    },
  });

  const { setError, send } = save;
  const submit = async () => {
    if (!(await store.validate())) {
      setError(t('record.fixErrors'));
      return;
    }
    if (!record) return send(store.submission());
    const changed = changedValues(store.submission(), record);
    if (Object.keys(changed).length === 0) {
      message.info(t('record.noChanges'));
      return;
    }
    await send(changed);
  };

  const title = record ? String(record[model.displayField ?? ''] ?? modelName(model, i18n.language)) : t('record.newTitle', { model: modelName(model, i18n.language) });
  return (
    <Card title={title} extra={record ? <>{actions}<Tag style={{ marginLeft: 8 }}>v{String(record.rowVersion)}</Tag></> : null} style={{ marginBottom: 12 }}>
      <SaveableForm app={app} model={model} store={store} save={save} onSubmit={() => void submit()} lang={i18n.language}
        submitLabel={record ? t('record.save') : t('record.create')} testId="record-form" errorTestId="record-error" />
    </Card>
  );
}
