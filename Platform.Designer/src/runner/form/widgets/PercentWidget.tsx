import { LightInput } from './LightInput';
import { numberValue } from './numberValue';
import type { WidgetProps } from './WidgetProps';

export function PercentWidget(p: WidgetProps) {
  return <LightInput {...p} inputMode="decimal" suffix="%" onChange={(v) => p.onChange(numberValue(String(v)))} />;
}
