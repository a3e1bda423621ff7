import { Alert, Button } from 'antd';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { ConflictDialog } from './ConflictDialog';
import { FormRenderer } from './FormRenderer';
import type { FormStore } from './FormStore';
import type { useRecordSave } from './useRecordSave';

/** A rendered form with its error line, submit button and the merge prompt of a 409 (state from useRecordSave). */
export function SaveableForm({ app, model, store, save, onSubmit, submitLabel, lang, testId, errorTestId }: {
  app: string;
  model: ModelDefinition;
  store: FormStore;
  save: ReturnType<typeof useRecordSave>;
  onSubmit: () => void;
  submitLabel: string;
  lang: string;
  testId: string;
  errorTestId: string;
}) {
  const { saving, error, conflict, setConflict, send } = save;
  return (
    <>
      <form onSubmit={(e) => { e.preventDefault(); onSubmit(); }} data-testid={testId} noValidate>
        <FormRenderer store={store} app={app} />
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid={errorTestId} />}
        <Button type="primary" htmlType="submit" loading={saving}>{submitLabel}</Button>
      </form>
      {conflict && (
        <ConflictDialog open fields={model.fields} mine={conflict.mine} theirs={conflict.current} lang={lang}
          onCancel={() => setConflict(null)}
          onMerge={(merged) => { const rv = conflict.current.rowVersion; setConflict(null); void send(merged, rv); }} />
      )}
    </>
  );
}
