import type { WidgetProps } from './WidgetProps';
import { text } from './WidgetProps';

/** Computed by the server on save; shown, never edited. */
export function RollupWidget({ id, value }: WidgetProps) {
  return (
    <output id={id} className="lc-input lc-output">
      {text(value) || '—'}
    </output>
  );
}
