import { LightInput } from './LightInput';
import { numberValue } from './numberValue';
import type { WidgetProps } from './WidgetProps';

export function DecimalWidget(p: WidgetProps) {
  return <LightInput {...p} inputMode="decimal" onChange={(v) => p.onChange(numberValue(String(v)))} />;
}
