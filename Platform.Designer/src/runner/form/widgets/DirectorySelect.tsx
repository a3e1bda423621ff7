import type { UseQueryResult } from '@tanstack/react-query';
import { useFormText } from '../formText';
import { LightInput } from './LightInput';
import type { WidgetProps } from './WidgetProps';
import { text } from './WidgetProps';

/**
 * A native select over a directory (users, departments): light like the other selects and searchable by
 * typing. A value the directory does not list (a disabled user) stays shown as it is; without the
 * directory (an anonymous public form) the field falls back to typing the id.
 */
export function DirectorySelect<T>({ p, query, id, label }: {
  p: WidgetProps;
  query: UseQueryResult<T[]>;
  id: (item: T) => string;
  label: (item: T) => string;
}) {
  const t = useFormText();
  if (query.isError) return <LightInput {...p} />;
  const items = query.data ?? [];
  const current = text(p.value);
  return (
    <select
      id={p.id}
      className="lc-input lc-select"
      value={current}
      disabled={p.readOnly}
      aria-invalid={p.invalid || undefined}
      onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value)}
      onBlur={p.onBlur}
    >
      <option value="">{t('runner.form.choose')}</option>
      {current && !items.some((x) => id(x) === current) && <option value={current}>{current}</option>}
      {items.map((x) => (
        <option key={id(x)} value={id(x)}>
          {label(x)}
        </option>
      ))}
    </select>
  );
}
