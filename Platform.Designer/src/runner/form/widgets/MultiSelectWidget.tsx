import { lazy } from 'react';
import { useFormText } from '../formText';
import { optionLabel } from '../../../shared/models/ModelDefinition';
import { MountOnFocus } from './MountOnFocus';
import type { WidgetProps } from './WidgetProps';

const SearchSelectControl = lazy(() => import('./heavy/SearchSelectControl'));

export function MultiSelectWidget({ id, field, value, readOnly, invalid, lang, onChange, onBlur }: WidgetProps) {
  const t = useFormText();
  const options = (field.options ?? []).map((o) => ({ value: o.value, label: optionLabel(o, lang) }));
  const chosen = Array.isArray(value) ? (value as string[]) : [];
  const labels = chosen.map((v) => options.find((o) => o.value === v)?.label ?? v).join('、');
  return (
    <MountOnFocus
      readOnly={readOnly}
      light={(activate) => (
        <input id={id} className="lc-input" data-light readOnly value={labels} placeholder={t('runner.form.choose')}
          aria-invalid={invalid || undefined} onFocus={activate} onClick={activate} />
      )}
      heavy={() => <SearchSelectControl id={id} value={chosen} multiple options={options} invalid={invalid} onChange={onChange} onBlur={onBlur} />}
    />
  );
}
