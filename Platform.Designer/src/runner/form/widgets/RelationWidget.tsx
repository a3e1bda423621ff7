import { lazy, useEffect, useRef, useState } from 'react';
import { useFormText } from '../formText';
import { modelsApi, recordsApi } from '../../../shared/platformApi';
import { MountOnFocus } from './MountOnFocus';
import type { SelectOption } from './heavy/SearchSelectControl';
import type { WidgetProps } from './WidgetProps';

const SearchSelectControl = lazy(() => import('./heavy/SearchSelectControl'));

const displayFields = new Map<string, Promise<string>>();
function displayField(app: string, model: string): Promise<string> {
  const key = `${app}/${model}`;
  let p = displayFields.get(key);
  if (!p) {
    p = modelsApi.get(app, model).then((m) => m.displayField ?? m.fields.find((f) => f.type === 'text')?.key ?? 'id');
    displayFields.set(key, p);
  }
  return p;
}

/** Picks records of the related model by searching its display field (records query API). */
export function RelationWidget({ id, field, value, readOnly, invalid, app, onChange, onBlur }: WidgetProps) {
  const t = useFormText();
  const multiple = field.relation?.kind === 'manyToMany' || field.relation?.kind === 'oneToMany';
  const [options, setOptions] = useState<SelectOption[]>([]);
  const [loading, setLoading] = useState(false);
  const labels = useRef(new Map<string, string>());
  const chosen = value === undefined || value === null ? [] : Array.isArray(value) ? (value as string[]) : [String(value)];
  const display = chosen.map((v) => labels.current.get(v) ?? v).join('、');

  const search = (text: string) => {
    if (!app || !field.relation) return;
    setLoading(true);
    const model = field.relation.model;
    displayField(app, model)
      .then((shown) =>
        recordsApi
          .query(app, model, { filter: text ? { field: shown, op: 'contains', value: text } : undefined, page: { size: 20 } })
          .then((r) => r.items.map((item) => ({ value: item.id, label: String(item[shown] ?? item.id) }))),
      )
      .then((next) => {
        next.forEach((o) => labels.current.set(o.value, o.label));
        setOptions(next);
      })
      .catch(() => setOptions([]))
      .finally(() => setLoading(false));
  };
  // Ids that arrive with the value (a saved record, a prefilled link) are shown by their records' names.
  const [, setNamed] = useState(0);
  const unnamed = chosen.filter((v) => !labels.current.has(v)).join(',');
  useEffect(() => {
    if (!app || !field.relation || !unnamed) return;
    let live = true;
    const model = field.relation.model;
    const ids = unnamed.split(',');
    displayField(app, model)
      .then((shown) => recordsApi.query(app, model, { filter: { field: 'id', op: 'in', value: ids }, page: { size: ids.length } })
        .then((r) => r.items.forEach((item) => labels.current.set(item.id, String(item[shown] ?? item.id)))))
      .then(() => { if (live) setNamed((n) => n + 1); })
      .catch(() => undefined);
    return () => { live = false; };
  }, [app, field.relation, unnamed]);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (opened) search('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  return (
    <MountOnFocus
      readOnly={readOnly}
      light={(activate) => (
        <input id={id} className="lc-input" data-light readOnly value={display} placeholder={t('runner.form.search')} aria-invalid={invalid || undefined}
          onFocus={() => { setOpened(true); activate(); }} onClick={() => { setOpened(true); activate(); }} />
      )}
      heavy={() => (
        <SearchSelectControl id={id} value={multiple ? chosen : chosen[0]} multiple={multiple} options={options} loading={loading}
          invalid={invalid} onSearch={search} onChange={onChange} onBlur={onBlur} />
      )}
    />
  );
}
