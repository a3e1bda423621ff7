import { LightInput } from './LightInput';
import type { WidgetProps } from './WidgetProps';

/** The department's id; a picker arrives with the identity module's directory API. */
export function DepartmentWidget(p: WidgetProps) {
  return <LightInput {...p} />;
}
