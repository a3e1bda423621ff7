import { lazy } from 'react';
import { dateDisplay } from './dateDisplay';
import { MountOnFocus } from './MountOnFocus';
import type { WidgetProps } from './WidgetProps';

const DatePickerControl = lazy(() => import('./heavy/DatePickerControl'));

export function DateWidget({ id, value, readOnly, invalid, props, onChange, onBlur }: WidgetProps) {
  return (
    <MountOnFocus
      readOnly={readOnly}
      light={(activate) => (
        <input id={id} className="lc-input" data-light readOnly value={dateDisplay(value, false)} aria-invalid={invalid || undefined}
          placeholder={props?.placeholder ?? (false ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD')} onFocus={activate} onClick={activate} />
      )}
      heavy={() => <DatePickerControl id={id} value={value} withTime={false} invalid={invalid} onChange={onChange} onBlur={onBlur} />}
    />
  );
}
