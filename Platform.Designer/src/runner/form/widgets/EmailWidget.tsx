import { LightInput } from './LightInput';
import type { WidgetProps } from './WidgetProps';

export function EmailWidget(p: WidgetProps) {
  return <LightInput {...p} type="email" inputMode="email" />;
}
