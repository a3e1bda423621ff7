import type { WidgetProps } from './WidgetProps';
import { text } from './WidgetProps';

/** A plain <input> styled with the form's antd tokens: the light base most widgets build on. */
export function LightInput({ id, value, readOnly, invalid, props, onChange, onBlur, type = 'text', inputMode, suffix, onFocus }: WidgetProps & {
  type?: string;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'tel' | 'url';
  suffix?: string;
  onFocus?: () => void;
}) {
  const input = (
    <input
      id={id}
      className="lc-input"
      type={type}
      inputMode={inputMode}
      value={text(value)}
      readOnly={readOnly}
      aria-invalid={invalid || undefined}
      placeholder={props?.placeholder}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      onFocus={onFocus}
    />
  );
  if (!suffix) return input;
  return (
    <span className="lc-affix">
      {input}
      <span className="lc-suffix">{suffix}</span>
    </span>
  );
}
