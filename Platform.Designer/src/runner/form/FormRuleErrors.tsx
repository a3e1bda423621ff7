// Errors that belong to no field the form shows: failing validation rules about the whole record
// ("_rules"), and server errors for fields this form does not place. Shown at the top of the form.
import { useSyncExternalStore } from 'react';
import { useFormText } from './formText';
import { useFormStore } from './useField';

export function FormRuleErrors({ lang }: { lang: string }) {
  const store = useFormStore();
  const t = useFormText();
  const errors = useSyncExternalStore(
    (l) => store.subscribeAll(l),
    () => store.getErrors(),
  );
  const messages: string[] = [];
  for (const [key, error] of Object.entries(errors)) {
    if (key !== '_rules' && store.fieldKeys.includes(key)) continue;
    const p = error.params ?? {};
    const text = error.code === 'rule' || error.code === 'server'
      ? String((lang === 'en' && p.messageEn) || p.message || '')
      : t(`runner.validation.${error.code}`, p);
    messages.push(key === '_rules' ? text : `${key}: ${text}`);
  }
  if (messages.length === 0) return null;
  return (
    <div className="lc-form-errors" role="alert" data-testid="form-rule-errors">
      {messages.map((m, i) => (
        <div key={i} className="lc-error">{m}</div>
      ))}
    </div>
  );
}
