import { useMemo, useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { FormRenderer } from '../../runner/form/FormRenderer';
import { FormStore } from '../../runner/form/FormStore';

/** The form as end users get it, by the runner's own renderer, at desktop or phone width. */
export function FormPreview({ form, model, schema, device, app }: { form: FormDefinition; model: ModelDefinition; schema: object | null; device: 'desktop' | 'phone'; app: string }) {
  const { t } = useTranslation();
  const store = useMemo(() => new FormStore(model, form, { schema }), [model, form, schema]);
  const [result, setResult] = useState<boolean | null>(null);
  return (
    <div className="lcd-preview-wrap">
      <div className={`lcd-preview lcd-preview-${device}`} data-testid={`preview-${device}`}>
        <Typography.Title level={4}>{form.name}</Typography.Title>
        <FormRenderer store={store} app={app} idPrefix="preview" />
        <Space>
          <Button type="primary" onClick={async () => setResult(await store.validate())}>{t('designer.forms.tryValidate')}</Button>
          {result !== null && <Typography.Text type={result ? 'success' : 'danger'}>{result ? t('designer.forms.valid') : t('runner.form.fixErrors')}</Typography.Text>}
        </Space>
      </div>
    </div>
  );
}
