import { LightInput } from './LightInput';
import type { WidgetProps } from './WidgetProps';

export function UrlWidget(p: WidgetProps) {
  return <LightInput {...p} type="url" inputMode="url" />;
}
