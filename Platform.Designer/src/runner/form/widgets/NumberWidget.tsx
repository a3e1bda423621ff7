import { LightInput } from './LightInput';
import { numberValue } from './numberValue';
import type { WidgetProps } from './WidgetProps';

export function NumberWidget(p: WidgetProps) {
  return <LightInput {...p} inputMode="numeric" onChange={(v) => p.onChange(numberValue(String(v)))} />;
}
