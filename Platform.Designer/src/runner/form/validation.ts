// Client validation: the model's JSON Schema (the one the server validates writes against) through
// ajv, plus "required" added by linkage rules. Hidden fields are not checked; empty inputs count as
// absent so that "required" reads naturally and optional empty fields pass.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isEmpty } from './conditions';
import type { FieldState } from './rules';

export interface FieldError {
  /** An i18n key under runner.validation. */
  code: string;
  params?: Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);
const cache = new WeakMap<object, ValidateFunction>();

// The server writes draft-04 schemas (NJsonSchema); ajv 8 does not know that meta-schema, and the
// keywords we generate mean the same in both drafts, so the declaration is dropped before compiling.
function compile(schema: object): ValidateFunction | null {
  let fn = cache.get(schema);
  if (!fn) {
    const { $schema: _declared, ...body } = schema as Record<string, unknown>;
    try {
      fn = ajv.compile(body);
    } catch (e) {
      // A schema ajv cannot read must not stop the form: the server still validates every write.
      console.warn('client validation disabled for this form:', e);
      return null;
    }
    cache.set(schema, fn);
  }
  return fn;
}

export function compact(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in values) if (!isEmpty(values[key])) out[key] = values[key];
  return out;
}

function toFieldError(e: ErrorObject): [string, FieldError] | null {
  const path = e.instancePath.split('/').filter(Boolean);
  if (e.keyword === 'required') {
    const key = path.length === 0 ? String(e.params.missingProperty) : path[0];
    return [key, { code: 'required' }];
  }
  if (path.length === 0) return null;
  const key = path[0];
  switch (e.keyword) {
    case 'type': return [key, { code: 'type', params: { type: e.params.type } }];
    case 'minimum': case 'exclusiveMinimum': return [key, { code: 'minimum', params: { limit: e.params.limit } }];
    case 'maximum': case 'exclusiveMaximum': return [key, { code: 'maximum', params: { limit: e.params.limit } }];
    case 'minLength': return [key, { code: 'minLength', params: { limit: e.params.limit } }];
    case 'maxLength': return [key, { code: 'maxLength', params: { limit: e.params.limit } }];
    case 'minItems': return [key, { code: 'minItems', params: { limit: e.params.limit } }];
    case 'maxItems': return [key, { code: 'maxItems', params: { limit: e.params.limit } }];
    case 'pattern': return [key, { code: 'pattern' }];
    case 'format': return [key, { code: 'format', params: { format: e.params.format } }];
    case 'enum': return [key, { code: 'enum' }];
    default: return [key, { code: 'invalid' }];
  }
}

/** Errors per field key (first error of each field only). */
export function validateValues(
  schema: object | null,
  values: Record<string, unknown>,
  states: Record<string, FieldState>,
): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  const data = compact(values);
  if (schema) {
    const fn = compile(schema);
    if (fn && !fn(data)) {
      for (const e of fn.errors ?? []) {
        const pair = toFieldError(e);
        if (pair && !errors[pair[0]]) errors[pair[0]] = pair[1];
      }
    }
  }
  for (const key in states) {
    const s = states[key];
    if (!s.visible || s.readOnly) delete errors[key];
    else if (s.required && isEmpty(values[key]) && !errors[key]) errors[key] = { code: 'required' };
  }
  // A required field the schema names but the form does not show is left to the server.
  for (const key in errors) if (!states[key]) delete errors[key];
  return errors;
}
