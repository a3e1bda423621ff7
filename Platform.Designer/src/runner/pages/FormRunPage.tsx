import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Card, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { AppFrame } from '../../app/AppFrame';
import { useMe } from '../../home/useMe';
import { useRunnerSource } from '../menu/useRunnerSource';
import { modelName, type ModelDefinition } from '../../shared/models/ModelDefinition';
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import { modelsApi, recordsApi, type RecordJson } from '../../shared/platformApi';
import { FormStore } from '../form/FormStore';
import { changedValues } from '../form/changedValues';
import { SaveableForm } from '../form/SaveableForm';
import { useRecordSave } from '../form/useRecordSave';
import { ruleUser } from '../form/formExpressions';

/** #/apps/:app/run/forms/:form[/:id]: fills in a new record, or edits one, with the form. */
export default function FormRunPage() {
  const { app = '', form: formKey = '', id } = useParams();
  const { t, i18n } = useTranslation();
  // The runner's source, not the package export: users fill the forms their roles allow.
  const pkg = useRunnerSource(app);
  const form = pkg.data?.forms.find((f) => f.key === formKey);
  const model = pkg.data?.models.find((m) => m.key === form?.model);
  const schema = useQuery({
    queryKey: ['schema', app, model?.key],
    enabled: !!model,
    queryFn: () => modelsApi.schema(app, model!.key).catch(() => null),
  });
  const record = useQuery({
    queryKey: ['record', app, model?.key, id],
    enabled: !!model && !!id,
    queryFn: () => recordsApi.get(app, model!.key, id!),
  });

  let body;
  if (pkg.isLoading || schema.isLoading || record.isLoading) body = <Spin />;
  else if (pkg.error || record.error) body = <Alert type="error" showIcon message={String(pkg.error ?? record.error)} />;
  else if (!form || !model) body = <Result status="404" title={t('runner.form.notFound')} />;
  else body = <FormFill key={`${formKey}/${id ?? 'new'}/${record.data?.rowVersion ?? ''}`} app={app} form={form} model={model} schema={schema.data ?? null} record={record.data} />;
  return (
    <AppFrame app={app} appName={pkg.data?.name} trail={form ? (i18n.language === 'en' ? form.nameEn || form.name : form.name) : formKey}>
      <div style={{ maxWidth: 1100, margin: '0 auto' }}>{body}</div>
    </AppFrame>
  );
}

function FormFill({ app, form, model, schema, record }: { app: string; form: FormDefinition; model: ModelDefinition; schema: object | null; record?: RecordJson }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const me = useMe().data ?? null;
  const user = useMemo(() => (me ? ruleUser(me, app) : null), [me, app]);
  const store = useMemo(() => new FormStore(model, form, { schema, values: record, user }), [model, form, schema, record, user]);
  const save = useRecordSave({
    app, model: model.key, formKey: form.key, record, store, fixErrors: t('runner.form.fixErrors'),
    onSaved: (saved, created) => {
      message.success(t(created ? 'runner.form.created' : 'runner.form.saved'));
      if (created) navigate(`/apps/${app}/run/forms/${form.key}/${saved.id}`);
      else navigate(`/apps/${app}/run/forms/${form.key}/${saved.id ?? record!.id}`, { replace: true });
    },
  });

  const { setError, send } = save;
  const submit = async () => {
    if (!(await store.validate())) {
      setError(t('runner.form.fixErrors'));
      return;
    }
    await send(record ? changedValues(store.submission(), record) : store.submission());
  };

  return (
    <Card title={i18n.language === 'en' ? form.nameEn || form.name : form.name} extra={modelName(model, i18n.language)}>
      <SaveableForm app={app} model={model} store={store} save={save} onSubmit={() => void submit()} lang={i18n.language}
        submitLabel={record ? t('runner.form.save') : t('runner.form.submit')} testId="run-form" errorTestId="form-error" />
    </Card>
  );
}
