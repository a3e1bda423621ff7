import type { WidgetProps } from './WidgetProps';
import { text } from './WidgetProps';

export function LongTextWidget({ id, value, readOnly, invalid, props, onChange, onBlur }: WidgetProps) {
  return (
    <textarea
      id={id}
      className="lc-input lc-textarea"
      rows={3}
      value={text(value)}
      readOnly={readOnly}
      aria-invalid={invalid || undefined}
      placeholder={props?.placeholder}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
    />
  );
}
