import { lazy } from 'react';
import { dateDisplay } from './dateDisplay';
import { MountOnFocus } from './MountOnFocus';
import type { WidgetProps } from './WidgetProps';

const DatePickerControl = lazy(() => import('./heavy/DatePickerControl'));

export function DateTimeWidget({ id, value, readOnly, invalid, props, onChange, onBlur }: WidgetProps) {
  return (
    <MountOnFocus
      readOnly={readOnly}
      light={(activate) => (
        <input id={id} className="lc-input" data-light readOnly value={dateDisplay(value, true)} aria-invalid={invalid || undefined}
          placeholder={props?.placeholder ?? (true ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD')} onFocus={activate} onClick={activate} />
      )}
      heavy={() => <DatePickerControl id={id} value={value} withTime={true} invalid={invalid} onChange={onChange} onBlur={onBlur} />}
    />
  );
}
