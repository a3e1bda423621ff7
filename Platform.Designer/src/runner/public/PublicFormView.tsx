import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { FormRenderer } from '../form/FormRenderer';
import { FormStore } from '../form/FormStore';
import type { PublicFormClient, PublicFormPayload } from './publicFormApi';

type State =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; payload: PublicFormPayload };

/**
 * A public form for visitors without an account: the form renderer over the fields the form
 * places, a submit that creates the record through the public endpoint, then a thank-you page.
 */
export function PublicFormView({ client }: { client: PublicFormClient }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    client.load().then(
      (payload) => live && setState({ kind: 'ready', payload }),
      (e) => live && setState(e instanceof ApiError && e.status === 404 ? { kind: 'missing' } : { kind: 'failed', message: String(e) }),
    );
    return () => { live = false; };
  }, [client]);

  if (state.kind === 'loading') return <Spin style={{ margin: 48 }} />;
  if (state.kind === 'missing') return <Result status="404" title={t('publicForm.missing')} data-testid="public-form-missing" />;
  if (state.kind === 'failed') return <Alert type="error" showIcon message={state.message} />;
  return <PublicFormFill client={client} payload={state.payload} />;
}

function PublicFormFill({ client, payload }: { client: PublicFormClient; payload: PublicFormPayload }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const store = useMemo(() => new FormStore(payload.model, payload.form, { schema: payload.schema }), [payload]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = async () => {
    setError(null);
    if (!(await store.validate())) { setError(t('publicForm.fixErrors')); return; }
    setSending(true);
    try {
      await client.submit(store.submission());
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) setError(t('publicForm.tooMany'));
      else if (e instanceof ApiError && e.problem.errors) { store.setServerErrors(e.problem.errors); setError(t('publicForm.fixErrors')); }
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSending(false);
    }
  };

  const title = (en ? payload.form.nameEn || payload.form.name : payload.form.name || payload.form.nameEn) ?? payload.form.key;
  const appName = en ? payload.appNameEn || payload.appName : payload.appName || payload.appNameEn;
  if (done) {
    return (
      <Result status="success" title={t('publicForm.thanks')} subTitle={t('publicForm.thanksDetail')} data-testid="public-form-done"
        extra={<Button onClick={() => window.location.reload()}>{t('publicForm.again')}</Button>} />
    );
  }
  return (
    <Card title={title} extra={appName}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} data-testid="public-form" noValidate>
        <FormRenderer store={store} app={payload.app} idPrefix="pf" />
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="public-form-error" />}
        <Button type="primary" htmlType="submit" loading={sending}>{t('publicForm.submit')}</Button>
      </form>
    </Card>
  );
}
