import type { WidgetProps } from './WidgetProps';

export function BooleanWidget({ id, value, readOnly, onChange, onBlur }: WidgetProps) {
  return (
    <input
      id={id}
      className="lc-checkbox"
      type="checkbox"
      checked={value === true}
      disabled={readOnly}
      onChange={(e) => onChange(e.target.checked)}
      onBlur={onBlur}
    />
  );
}
