// The 200-field form every bench page renders: the same fields as our model+form, as a JSON Schema
// for react-jsonschema-form, and as plain inputs.
import type { FormDefinition, LayoutNode } from '../src/shared/forms/FormDefinition';
import type { FieldDefinition, FieldType, ModelDefinition } from '../src/shared/models/ModelDefinition';

const cycle: FieldType[] = ['text', 'number', 'date', 'singleSelect', 'boolean', 'longText', 'email', 'decimal'];
const options = ['北京', '上海', '广州', '深圳', '杭州'];

export const fieldCount = 200;

export const benchFields: FieldDefinition[] = Array.from({ length: fieldCount }, (_, i) => {
  const type = cycle[i % cycle.length];
  const field: FieldDefinition = { key: `f${i}`, type, label: `字段 ${i + 1}`, required: i % 10 === 0 };
  if (type === 'singleSelect') field.options = options.map((value) => ({ value }));
  if (type === 'text') field.maxLength = 100;
  return field;
});

export const benchModel: ModelDefinition = { key: 'bench', name: '基准', fields: benchFields };

// Two columns per row, as a typical business form.
const layout: LayoutNode[] = [];
for (let i = 0; i < fieldCount; i += 2) {
  layout.push({
    type: 'row',
    children: [0, 1].map((j) => ({ type: 'column' as const, span: 12, children: [{ type: 'field' as const, fieldKey: `f${i + j}` }] })),
  });
}
export const benchForm: FormDefinition = { key: 'bench', model: 'bench', name: '基准', layout };

function jsonType(f: FieldDefinition): Record<string, unknown> {
  switch (f.type) {
    case 'number': case 'decimal': return { type: 'number' };
    case 'boolean': return { type: 'boolean' };
    case 'date': return { type: 'string', format: 'date' };
    case 'email': return { type: 'string', format: 'email' };
    case 'singleSelect': return { type: 'string', enum: options };
    default: return { type: 'string', ...(f.maxLength ? { maxLength: f.maxLength } : {}) };
  }
}

export const benchSchema = {
  type: 'object',
  required: benchFields.filter((f) => f.required).map((f) => f.key),
  properties: Object.fromEntries(benchFields.map((f) => [f.key, { title: f.label, ...jsonType(f) }])),
};

export const benchUiSchema = Object.fromEntries(benchFields.filter((f) => f.type === 'longText').map((f) => [f.key, { 'ui:widget': 'textarea' }]));
