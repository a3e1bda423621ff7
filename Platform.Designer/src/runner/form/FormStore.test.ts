import { describe, expect, it } from 'vitest';
import { FormStore } from './FormStore';
import { leaveForm, leaveModel, leaveSchema } from './testForm';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('FormStore', () => {
  it('takes form defaults for a new record but keeps a loaded record as it is', () => {
    expect(new FormStore(leaveModel, leaveForm).getValue('kind')).toBe('annual');
    expect(new FormStore(leaveModel, leaveForm, { values: { applicant: '王' } }).getValue('kind')).toBeUndefined();
  });

  it('notifies only the field that changed', () => {
    const store = new FormStore(leaveModel, leaveForm);
    const calls: string[] = [];
    for (const key of ['applicant', 'kind', 'days', 'reason', 'certificate']) store.subscribe(key, () => calls.push(key));
    store.setValue('applicant', '李雷');
    expect(calls).toEqual(['applicant']);
    expect(store.snapshot('applicant').value).toBe('李雷');
  });

  it('keeps snapshots stable until their field changes', () => {
    const store = new FormStore(leaveModel, leaveForm);
    const before = store.snapshot('reason');
    store.setValue('applicant', 'x');
    expect(store.snapshot('reason')).toBe(before);
  });

  it('re-renders fields whose state a rule changes, and applies setValue', () => {
    const store = new FormStore(leaveModel, leaveForm);
    const calls: string[] = [];
    for (const key of ['certificate', 'reason', 'applicant']) store.subscribe(key, () => calls.push(key));
    store.setValue('kind', 'sick');
    expect(calls.sort()).toEqual(['certificate', 'reason']);
    expect(store.getState('certificate').visible).toBe(true);
    store.setValue('days', 7);
    expect(store.getValue('reason')).toBe('长假');
  });

  it('submits visible writable fields only', () => {
    const store = new FormStore(leaveModel, leaveForm);
    store.setValue('applicant', '韩梅梅');
    store.setValue('certificate', true); // hidden while the kind is not "sick"
    const sent = store.submission();
    expect(sent).toEqual({ applicant: '韩梅梅', kind: 'annual' });
  });

  it('validates against the JSON Schema and rule-required fields on submit', async () => {
    const store = new FormStore(leaveModel, leaveForm, { schema: leaveSchema });
    store.setValue('kind', 'sick');
    store.setValue('days', 40); // sets the reason through a rule
    expect(store.getValue('reason')).toBe('长假');
    store.setValue('reason', '');
    store.setValue('email', 'not-an-email');
    expect(await store.validate()).toBe(false);
    const errors = store.getErrors();
    expect(errors.applicant.code).toBe('required');
    expect(errors.reason.code).toBe('required');
    expect(errors.days).toEqual({ code: 'maximum', params: { limit: 30 } });
    expect(errors.email.code).toBe('format');
    store.setValue('applicant', '李雷');
    store.setValue('days', 3);
    store.setValue('email', 'li@example.com');
    store.setValue('reason', '发烧');
    await settle();
    expect(store.getErrors()).toEqual({});
    expect(await store.validate()).toBe(true);
  });

  it('does not report errors of hidden fields', async () => {
    const store = new FormStore(leaveModel, { ...leaveForm, rules: [{ when: { field: 'kind', op: 'eq', value: 'annual' }, then: [{ action: 'hide', field: 'applicant' }] }] }, { schema: leaveSchema });
    expect(await store.validate()).toBe(true);
    store.setValue('kind', 'sick');
    expect(await store.validate()).toBe(false);
  });

  it('shows server errors beside their fields', () => {
    const store = new FormStore(leaveModel, leaveForm);
    store.setServerErrors({ applicant: ['already taken'] });
    expect(store.getError('applicant')).toEqual({ code: 'server', params: { message: 'already taken' } });
  });
});
