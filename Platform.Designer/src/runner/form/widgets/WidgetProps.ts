import type { FieldProps } from '../../../shared/forms/FormDefinition';
import type { FieldDefinition } from '../../../shared/models/ModelDefinition';

/** What every field widget receives; one widget component per field type (widgets/registry.ts). */
export interface WidgetProps {
  id: string;
  field: FieldDefinition;
  props?: FieldProps;
  value: unknown;
  readOnly: boolean;
  invalid: boolean;
  lang: string;
  /** The app the form belongs to (relations look up records of other models in it). */
  app?: string;
  /** Sub-table nodes: which sub-fields to show, in order. */
  columns?: string[];
  onChange: (value: unknown) => void;
  onBlur: () => void;
}

export function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}
