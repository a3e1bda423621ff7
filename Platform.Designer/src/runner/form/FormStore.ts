// One store owns every field's value, state and error. Components subscribe to one field key, so
// typing in a field re-renders that field only (plus any field whose state a linkage rule changes).
import { layoutFieldKeys, type FormDefinition } from '../../shared/forms/FormDefinition';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { applyRules, baseStates, valuesToSet, type FieldState } from './rules';
import { computeFormulas, evaluateValue, failingRules, type RuleUser } from './formExpressions';
import { accepted, suggestionsFor } from './suggestions';
import type { FieldError } from './validation';

export interface FieldSnapshot {
  value: unknown;
  state: FieldState;
  error: FieldError | undefined;
  /** A value a `suggest` rule proposes, shown with a confirm button; undefined when there is none. */
  suggestion: unknown;
}

const hiddenState: FieldState = { visible: false, required: false, readOnly: true };

type Validator = typeof import('./validation');
let validatorModule: Promise<Validator> | null = null;
/** ajv is loaded after the first frame: a form shows before its validator is compiled. */
function loadValidator(): Promise<Validator> {
  return (validatorModule ??= import('./validation'));
}

export class FormStore {
  readonly model: ModelDefinition;
  readonly form: FormDefinition;
  readonly schema: object | null;
  readonly fieldKeys: string[];
  private values: Record<string, unknown>;
  private base: Record<string, FieldState>;
  private states: Record<string, FieldState>;
  private active: boolean[];
  private errors: Record<string, FieldError> = {};
  private touched = new Set<string>();
  private snapshots = new Map<string, FieldSnapshot>();
  private listeners = new Map<string, Set<() => void>>();
  private anyListeners = new Set<() => void>();
  private validated = false;
  private readonly before: Record<string, unknown> | null;
  private readonly user: RuleUser | null;
  private suggestions: Record<string, unknown> = {};
  /** Suggested values the user dismissed, per field (JSON of each value). */
  private dismissed = new Map<string, Set<string>>();
  /** Fields the user typed into: live defaults leave them alone. */
  private edited = new Set<string>();
  /** The last value each live default (model `defaultExpression`) gave, to know the field still holds it. */
  private derived: Record<string, unknown> = {};
  private readonly isNew: boolean;

  constructor(model: ModelDefinition, form: FormDefinition, options: { schema?: object | null; values?: Record<string, unknown>; user?: RuleUser | null } = {}) {
    this.model = model;
    this.form = form;
    this.schema = options.schema ?? null;
    this.fieldKeys = layoutFieldKeys(form.layout);
    const initial: Record<string, unknown> = {};
    if (!options.values) {
      for (const field of model.fields) if (field.default !== undefined) initial[field.key] = field.default;
      Object.assign(initial, form.defaults ?? {});
    }
    this.values = { ...initial, ...(options.values ?? {}) };
    this.before = options.values ?? null;
    this.isNew = !options.values;
    this.user = options.user ?? null;
    // A loaded record shows the formulas the server stored until something changes.
    if (!options.values) this.values = computeFormulas(model, this.values);
    this.base = baseStates(model, form);
    const outcome = applyRules(this.base, form.rules ?? [], this.values);
    this.states = outcome.states;
    this.active = outcome.active;
    // A new record takes setValue actions whose conditions already hold; a loaded one keeps its values.
    if (!options.values) this.applySetValues(valuesToSet(form.rules ?? [], null, this.active), new Set());
    this.applyLiveDefaults(new Set());
    this.suggestions = this.visibleSuggestions();
  }

  getValues(): Record<string, unknown> {
    return this.values;
  }

  getValue(key: string): unknown {
    return this.values[key];
  }

  getState(key: string): FieldState {
    return this.states[key] ?? hiddenState;
  }

  getError(key: string): FieldError | undefined {
    return this.errors[key];
  }

  getErrors(): Record<string, FieldError> {
    return this.errors;
  }

  getSuggestion(key: string): unknown {
    return this.suggestions[key];
  }

  /** The user confirms a suggestion: a multi-select adds the suggested options, other fields take the value. */
  acceptSuggestion(key: string) {
    if (!(key in this.suggestions)) return;
    const field = this.model.fields.find((f) => f.key === key);
    this.setValue(key, accepted(field, this.values[key], this.suggestions[key]));
  }

  /** The user turns a suggestion down: it is not offered again for these values. */
  dismissSuggestion(key: string) {
    const s = this.suggestions[key];
    if (s === undefined) return;
    const set = this.dismissed.get(key) ?? new Set<string>();
    for (const v of Array.isArray(s) ? s : [s]) set.add(JSON.stringify(v));
    this.dismissed.set(key, set);
    const changed = new Set<string>();
    this.updateSuggestions(changed);
    this.notify(changed);
  }

  snapshot(key: string): FieldSnapshot {
    const value = this.values[key];
    const state = this.getState(key);
    const error = this.errors[key];
    const suggestion = this.suggestions[key];
    const last = this.snapshots.get(key);
    if (last && last.value === value && last.state === state && last.error === error && last.suggestion === suggestion) return last;
    const next = { value, state, error, suggestion };
    this.snapshots.set(key, next);
    return next;
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  /** For whole-form watchers (submit bar, preview); fields use subscribe(key). */
  subscribeAll(listener: () => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  setValue(key: string, value: unknown) {
    if (this.values[key] === value) return;
    const changed = new Set<string>([key]);
    this.values = { ...this.values, [key]: value };
    this.touched.add(key);
    this.edited.add(key);
    this.recomputeFormulas(changed);
    this.reapplyRules(changed);
    this.applyLiveDefaults(changed);
    this.updateSuggestions(changed);
    if (this.validated || this.touched.has(key)) this.revalidate(changed, key);
    this.notify(changed);
  }

  /** Marks a field touched (on blur) and checks it. */
  touch(key: string) {
    this.touched.add(key);
    this.revalidate(new Set(), key);
  }

  /** Checks every field; resolves true when the form may be submitted. */
  async validate(): Promise<boolean> {
    const { validateValues } = await loadValidator();
    this.validated = true;
    const next = this.withRuleErrors(validateValues(this.schema, this.values, this.visibleStates()));
    const changed = new Set<string>();
    for (const key of new Set([...Object.keys(next), ...Object.keys(this.errors)])) {
      if (next[key]?.code !== this.errors[key]?.code || next[key]?.params?.message !== this.errors[key]?.params?.message) changed.add(key);
    }
    this.errors = next;
    this.notify(changed);
    return Object.keys(next).length === 0;
  }

  /** Server-side errors (ProblemDetails `errors`) shown beside their fields. */
  setServerErrors(errors: Record<string, string[]>) {
    const changed = new Set<string>();
    const next = { ...this.errors };
    for (const [key, messages] of Object.entries(errors)) {
      next[key] = { code: 'server', params: { message: messages.join(' ') } };
      changed.add(key);
    }
    this.errors = next;
    this.notify(changed);
  }

  /** The values to send: visible, writable fields that the form places. */
  submission(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of this.fieldKeys) {
      const s = this.getState(key);
      if (s.visible && !s.readOnly && key in this.values) out[key] = this.values[key] === '' ? null : this.values[key];
    }
    return out;
  }

  private visibleStates(): Record<string, FieldState> {
    const out: Record<string, FieldState> = {};
    for (const key of this.fieldKeys) if (this.states[key]) out[key] = this.states[key];
    return out;
  }

  private reapplyRules(changed: Set<string>) {
    const rules = this.form.rules ?? [];
    if (rules.length === 0) return;
    // setValue may change what other rules see; a few passes settle any chain without looping forever.
    for (let pass = 0; pass < 5; pass++) {
      const outcome = applyRules(this.base, rules, this.values);
      for (const key in outcome.states) {
        const a = outcome.states[key];
        const b = this.states[key];
        if (!b || a.visible !== b.visible || a.required !== b.required || a.readOnly !== b.readOnly) changed.add(key);
        else outcome.states[key] = b; // keep the old object so unchanged fields keep their snapshot
      }
      this.states = outcome.states;
      const sets = valuesToSet(rules, this.active, outcome.active);
      this.active = outcome.active;
      if (sets.length === 0) return;
      this.applySetValues(sets, changed);
    }
  }

  private applySetValues(sets: Array<[string, unknown]>, changed: Set<string>) {
    let next = this.values;
    for (const [key, value] of sets) {
      if (next[key] === value) continue;
      next = { ...next, [key]: value };
      changed.add(key);
    }
    this.values = next;
    this.recomputeFormulas(changed);
  }

  /**
   * A new record's fields with a model `defaultExpression` follow it live (e.g. the next follow-up date
   * from the note) until the user edits the field; a field holding something else is left alone.
   */
  private applyLiveDefaults(changed: Set<string>) {
    if (!this.isNew) return;
    for (const f of this.model.fields) {
      if (!f.defaultExpression || f.retired || this.edited.has(f.key)) continue;
      const next = evaluateValue(this.model, f.defaultExpression, this.values);
      const current = this.values[f.key];
      const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
      const ours = current === undefined || current === null || current === '' || same(current, this.derived[f.key]);
      this.derived[f.key] = next;
      if (!ours || same(current, next)) continue;
      this.values = { ...this.values, [f.key]: next };
      changed.add(f.key);
    }
  }

  private visibleSuggestions(): Record<string, unknown> {
    const all = suggestionsFor(this.model, this.form.rules ?? [], this.active, this.values);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
      const s = this.states[key];
      if (!s || !s.visible || s.readOnly) continue;
      const gone = this.dismissed.get(key);
      if (Array.isArray(value)) {
        const left = value.filter((v) => !gone?.has(JSON.stringify(v)));
        if (left.length > 0) out[key] = left;
      } else if (!gone?.has(JSON.stringify(value))) out[key] = value;
    }
    return out;
  }

  private updateSuggestions(changed: Set<string>) {
    const next = this.visibleSuggestions();
    for (const key of new Set([...Object.keys(next), ...Object.keys(this.suggestions)])) {
      if (JSON.stringify(next[key]) === JSON.stringify(this.suggestions[key])) next[key] = this.suggestions[key];
      else changed.add(key);
    }
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    this.suggestions = next;
  }

  /** Formula fields follow the values they read (the server computes the stored value on save). */
  private recomputeFormulas(changed: Set<string>) {
    const next = computeFormulas(this.model, this.values);
    if (next === this.values) return;
    for (const f of this.model.fields) {
      if (f.type !== 'formula' || next[f.key] === this.values[f.key]) continue;
      changed.add(f.key);
    }
    this.values = next;
  }

  /**
   * Adds the model's failing validation rules: under their field when the form shows it (a field's
   * own format error comes first), otherwise under "_rules", shown at the top of the form.
   */
  private withRuleErrors(errors: Record<string, FieldError>): Record<string, FieldError> {
    for (const { rule, key } of failingRules(this.model, this.values, this.before, this.user)) {
      const shown = key !== '_rules' && this.fieldKeys.includes(key) && this.states[key]?.visible;
      const k = shown ? key : '_rules';
      if (shown && errors[k] && errors[k].code !== 'rule') continue;
      const prev = errors[k]?.code === 'rule' ? errors[k].params : undefined;
      const join = (a: unknown, b: string) => (a ? `${String(a)} ${b}` : b);
      errors[k] = { code: 'rule', params: { message: join(prev?.message, rule.message), messageEn: join(prev?.messageEn, rule.messageEn || rule.message) } };
    }
    return errors;
  }

  private revalidate(changed: Set<string>, key: string) {
    void loadValidator().then(({ validateValues }) => {
      const all = this.withRuleErrors(validateValues(this.schema, this.values, this.visibleStates()));
      const keys = this.validated ? new Set([...Object.keys(all), ...Object.keys(this.errors)]) : new Set([key, ...changed]);
      const notify = new Set<string>();
      const next = { ...this.errors };
      for (const k of keys) {
        if (all[k]?.code === next[k]?.code && all[k]?.params?.limit === next[k]?.params?.limit && all[k]?.params?.message === next[k]?.params?.message) continue;
        if (all[k]) next[k] = all[k];
        else delete next[k];
        notify.add(k);
      }
      this.errors = next;
      this.notify(notify);
    });
  }

  private notify(keys: Set<string>) {
    if (keys.size === 0) return;
    for (const key of keys) this.listeners.get(key)?.forEach((l) => l());
    this.anyListeners.forEach((l) => l());
  }
}
