import { LightInput } from './LightInput';
import type { WidgetProps } from './WidgetProps';

/** An address or "lat,lng" as text. */
export function LocationWidget(p: WidgetProps) {
  return <LightInput {...p} />;
}
