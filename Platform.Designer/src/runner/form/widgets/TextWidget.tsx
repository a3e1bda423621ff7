import { LightInput } from './LightInput';
import type { WidgetProps } from './WidgetProps';

export function TextWidget(p: WidgetProps) {
  return <LightInput {...p} type="text" inputMode="text" />;
}
