import { useEffect, useState } from 'react';
import { ApiError } from '../../shared/api';
import { recordsApi, type RecordJson } from '../../shared/platformApi';
import type { FormStore } from './FormStore';

/**
 * Saving a form's record: create, or update with If-Match. A 409 keeps both versions for the merge
 * prompt; a 400 puts the server's field errors under their fields; anything else becomes one message.
 */
export function useRecordSave({ app, model, formKey, record, store, fixErrors, onSaved }: {
  app: string;
  model: string;
  /** The form the record is filled in (sent as "_form" on create), or undefined for a generated form. */
  formKey?: string;
  record?: RecordJson;
  store: FormStore;
  fixErrors: string;
  onSaved: (saved: RecordJson, created: boolean) => void;
}) {
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ mine: Record<string, unknown>; current: RecordJson } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [store]);

  const send = async (values: Record<string, unknown>, rowVersion?: RecordJson['rowVersion']) => {
    setSaving(true);
    setError(null);
    try {
      if (record) onSaved(await recordsApi.update(app, model, record.id, rowVersion ?? record.rowVersion, values), false);
      else onSaved(await recordsApi.create(app, model, values, formKey), true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.problem.current) setConflict({ mine: values, current: e.problem.current as RecordJson });
      else if (e instanceof ApiError && e.problem.errors) {
        store.setServerErrors(e.problem.errors);
        setError(e.problem.title ?? fixErrors);
      } else setError(e instanceof ApiError ? e.problem.title ?? `HTTP ${e.status}` : String(e));
    } finally {
      setSaving(false);
    }
  };

  return { saving, conflict, setConflict, error, setError, send };
}
