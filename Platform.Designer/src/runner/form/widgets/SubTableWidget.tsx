import { useFormText } from '../formText';
import { fieldLabel } from '../../../shared/models/ModelDefinition';
import { widgetFor } from './registry';
import type { WidgetProps } from './WidgetProps';

type Row = Record<string, unknown>;

/** Child rows edited in a table; each cell is the sub-field's own widget. */
export function SubTableWidget({ id, field, value, readOnly, lang, app, columns, onChange, onBlur }: WidgetProps) {
  const t = useFormText();
  const rows = (Array.isArray(value) ? value : []) as Row[];
  const all = (field.subTable?.fields ?? []).filter((f) => !f.retired);
  const shown = columns?.length ? columns.map((k) => all.find((f) => f.key === k)).filter((f) => !!f) : all;
  const setCell = (i: number, key: string, v: unknown) => onChange(rows.map((r, j) => (j === i ? { ...r, [key]: v } : r)));
  return (
    <div className="lc-subtable" id={id}>
      <table>
        <thead>
          <tr>
            <th>#</th>
            {shown.map((f) => <th key={f.key}>{fieldLabel(f, lang)}</th>)}
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              {shown.map((f) => {
                const Widget = widgetFor(f.type);
                return (
                  <td key={f.key}>
                    <Widget id={`${id}-${i}-${f.key}`} field={f} value={row[f.key]} readOnly={readOnly || !!f.copyFrom} invalid={false} lang={lang} app={app}
                      onChange={(v) => setCell(i, f.key, v)} onBlur={onBlur} />
                  </td>
                );
              })}
              {!readOnly && (
                <td>
                  <button type="button" className="lc-link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                    {t('runner.form.removeRow')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && (
        <button type="button" className="lc-button" onClick={() => onChange([...rows, {}])}>
          {t('runner.form.addRow')}
        </button>
      )}
    </div>
  );
}
