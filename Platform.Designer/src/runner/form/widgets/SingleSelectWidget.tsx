import { useFormText } from '../formText';
import { optionLabel } from '../../../shared/models/ModelDefinition';
import type { WidgetProps } from './WidgetProps';
import { text } from './WidgetProps';

/** A native select: light enough for hundreds of fields, searchable by typing in every browser. */
export function SingleSelectWidget({ id, field, value, readOnly, invalid, lang, onChange, onBlur }: WidgetProps) {
  const t = useFormText();
  return (
    <select
      id={id}
      className="lc-input lc-select"
      value={text(value)}
      disabled={readOnly}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      onBlur={onBlur}
    >
      <option value="">{t('runner.form.choose')}</option>
      {(field.options ?? []).map((o) => (
        <option key={o.value} value={o.value}>
          {optionLabel(o, lang)}
        </option>
      ))}
    </select>
  );
}
