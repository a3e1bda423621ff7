import { LightInput } from './LightInput';
import type { WidgetProps } from './WidgetProps';

/** The user's id; a picker arrives with the identity module's directory API. */
export function UserWidget(p: WidgetProps) {
  return <LightInput {...p} />;
}
