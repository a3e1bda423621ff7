import { LightInput } from './LightInput';
import type { WidgetProps } from './WidgetProps';

export function PhoneWidget(p: WidgetProps) {
  return <LightInput {...p} type="tel" inputMode="tel" />;
}
