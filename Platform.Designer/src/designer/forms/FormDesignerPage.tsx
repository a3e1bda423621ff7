import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { useAppPackage } from '../../app/useAppPackage';
import { ApiError } from '../../shared/api';
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import { modelName } from '../../shared/models/ModelDefinition';
import { formsApi, modelsApi } from '../../shared/platformApi';
import { AppFrame } from '../../app/AppFrame';
import { FormDesigner } from './FormDesigner';

/** #/apps/:app/forms/:form/design[?model=key]: edits a form of the app, or starts one over a model. */
export default function FormDesignerPage() {
  const { app = '', form: formKey = '' } = useParams();
  const [search] = useSearchParams();
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const pkg = useAppPackage(app);
  const [saving, setSaving] = useState(false);
  const existing = pkg.data?.forms?.find((f) => f.key === formKey);
  const modelKey = existing?.model ?? search.get('model') ?? pkg.data?.models?.[0]?.key;
  const model = pkg.data?.models?.find((m) => m.key === modelKey);
  const schema = useQuery({
    queryKey: ['schema', app, modelKey],
    enabled: !!modelKey,
    queryFn: () => modelsApi.schema(app, modelKey!).catch(() => null),
  });

  const save = async (form: FormDefinition) => {
    setSaving(true);
    try {
      await formsApi.save(app, form);
      message.success(t('designer.forms.saved'));
      void queryClient.invalidateQueries({ queryKey: ['package', app] });
    } catch (e) {
      const detail = e instanceof ApiError ? `${e.status} ${e.problem.title ?? ''}` : String(e);
      message.error(t('designer.forms.saveFailed', { detail }));
    } finally {
      setSaving(false);
    }
  };

  let body;
  if (pkg.isLoading || schema.isLoading) body = <Spin />;
  else if (pkg.error) body = <Alert type="error" message={String(pkg.error)} />;
  else if (!model) body = <Alert type="info" showIcon message={t('designer.forms.noModel')} />;
  else {
    const initial: FormDefinition = existing ?? {
      key: formKey,
      model: model.key,
      name: modelName(model, i18n.language),
      nameEn: model.nameEn,
      layout: [],
      rules: [],
      defaults: {},
    };
    body = <FormDesigner key={`${app}/${formKey}`} app={app} model={model} initial={initial} schema={schema.data ?? null} onSave={save} saving={saving} />;
  }
  return <AppFrame app={app} appName={pkg.data?.name}>{body}</AppFrame>;
}
