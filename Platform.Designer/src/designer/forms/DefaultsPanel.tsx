import { useEffect, useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldNode, FormDefinition } from '../../shared/forms/FormDefinition';
import { computedTypes, type ModelDefinition } from '../../shared/models/ModelDefinition';
import { FormRenderer } from '../../runner/form/FormRenderer';
import { FormStore } from '../../runner/form/FormStore';
import { compact } from '../../runner/form/validation';

/** Default values edited with the runner's own widgets, one per placed field. */
export function DefaultsPanel({ form, model, placed, onChange }: { form: FormDefinition; model: ModelDefinition; placed: string[]; onChange: (d: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const editable = placed.filter((k) => {
    const f = model.fields.find((x) => x.key === k);
    return f && !computedTypes.has(f.type) && f.type !== 'subTable' && f.type !== 'attachment' && f.type !== 'image';
  });
  const defaultsJson = JSON.stringify(form.defaults ?? {});
  const store = useMemo(() => {
    const layout: FieldNode[] = editable.map((k) => ({ type: 'field', fieldKey: k }));
    const looseModel = { ...model, fields: model.fields.map((f) => ({ ...f, required: false, default: undefined })) };
    return new FormStore(looseModel, { ...form, layout, rules: [], defaults: {} }, { values: JSON.parse(defaultsJson) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editable.join(','), defaultsJson, model]);
  useEffect(
    () =>
      store.subscribeAll(() => {
        const next = compact(store.getValues());
        if (JSON.stringify(next) !== defaultsJson) onChange(next);
      }),
    [store, onChange, defaultsJson],
  );
  return (
    <div data-testid="defaults-panel">
      <Typography.Paragraph type="secondary">{t('designer.forms.defaultsHint')}</Typography.Paragraph>
      <FormRenderer store={store} idPrefix="default" />
    </div>
  );
}
