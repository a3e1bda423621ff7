// One widget per field type, keyed by type (the registry idea of react-jsonschema-form): a field type
// is one component that can be swapped without touching the renderer.
import type { ComponentType } from 'react';
import type { FieldType } from '../../../shared/models/ModelDefinition';
import type { WidgetProps } from './WidgetProps';
import { TextWidget } from './TextWidget';
import { LongTextWidget } from './LongTextWidget';
import { RichTextWidget } from './RichTextWidget';
import { NumberWidget } from './NumberWidget';
import { DecimalWidget } from './DecimalWidget';
import { PercentWidget } from './PercentWidget';
import { DateWidget } from './DateWidget';
import { DateTimeWidget } from './DateTimeWidget';
import { BooleanWidget } from './BooleanWidget';
import { SingleSelectWidget } from './SingleSelectWidget';
import { MultiSelectWidget } from './MultiSelectWidget';
import { UserWidget } from './UserWidget';
import { DepartmentWidget } from './DepartmentWidget';
import { RelationWidget } from './RelationWidget';
import { SubTableWidget } from './SubTableWidget';
import { AttachmentWidget } from './AttachmentWidget';
import { EmailWidget } from './EmailWidget';
import { PhoneWidget } from './PhoneWidget';
import { UrlWidget } from './UrlWidget';
import { AutoNumberWidget } from './AutoNumberWidget';
import { FormulaWidget } from './FormulaWidget';
import { RollupWidget } from './RollupWidget';
import { LocationWidget } from './LocationWidget';
import { RatingWidget } from './RatingWidget';

export const widgets: Record<FieldType, ComponentType<WidgetProps>> = {
  text: TextWidget,
  longText: LongTextWidget,
  richText: RichTextWidget,
  number: NumberWidget,
  decimal: DecimalWidget,
  percent: PercentWidget,
  date: DateWidget,
  datetime: DateTimeWidget,
  boolean: BooleanWidget,
  singleSelect: SingleSelectWidget,
  multiSelect: MultiSelectWidget,
  user: UserWidget,
  department: DepartmentWidget,
  relation: RelationWidget,
  subTable: SubTableWidget,
  attachment: AttachmentWidget,
  image: AttachmentWidget, // images are stored files too: listed the same way
  email: EmailWidget,
  phone: PhoneWidget,
  url: UrlWidget,
  autoNumber: AutoNumberWidget,
  formula: FormulaWidget,
  rollup: RollupWidget,
  location: LocationWidget,
  rating: RatingWidget,
};

export function widgetFor(type: string): ComponentType<WidgetProps> {
  return widgets[type as FieldType] ?? TextWidget;
}
