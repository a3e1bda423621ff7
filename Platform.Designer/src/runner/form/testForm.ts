// A small leave-request model and form shared by the runner's tests.
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';

export const leaveModel: ModelDefinition = {
  key: 'leave',
  name: '请假申请',
  nameEn: 'Leave request',
  displayField: 'applicant',
  fields: [
    { key: 'applicant', type: 'text', label: '申请人', labelEn: 'Applicant', required: true, maxLength: 20 },
    { key: 'kind', type: 'singleSelect', label: '类型', options: [{ value: 'annual' }, { value: 'sick' }, { value: 'other' }] },
    { key: 'days', type: 'number', label: '天数', min: 0.5, max: 30 },
    { key: 'reason', type: 'longText', label: '事由' },
    { key: 'certificate', type: 'boolean', label: '有病假证明' },
    { key: 'email', type: 'email', label: '邮箱' },
    { key: 'code', type: 'autoNumber', label: '编号', autoNumber: { pattern: 'L{0000}' } },
  ],
};

export const leaveSchema = {
  type: 'object',
  required: ['applicant'],
  properties: {
    applicant: { type: 'string', maxLength: 20 },
    kind: { type: 'string', enum: ['annual', 'sick', 'other'] },
    days: { type: 'number', minimum: 0.5, maximum: 30 },
    reason: { type: 'string' },
    certificate: { type: 'boolean' },
    email: { type: 'string', format: 'email' },
    code: { type: 'string' },
  },
};

export const leaveForm: FormDefinition = {
  key: 'leave-form',
  model: 'leave',
  name: '请假单',
  layout: [
    { type: 'row', children: [
      { type: 'column', span: 12, children: [{ type: 'field', fieldKey: 'applicant' }] },
      { type: 'column', span: 12, children: [{ type: 'field', fieldKey: 'kind' }] },
    ] },
    { type: 'section', title: '详情', children: [
      { type: 'field', fieldKey: 'days' },
      { type: 'field', fieldKey: 'reason' },
      { type: 'field', fieldKey: 'certificate' },
      { type: 'field', fieldKey: 'email' },
      { type: 'field', fieldKey: 'code' },
    ] },
  ],
  rules: [
    { when: { field: 'kind', op: 'eq', value: 'sick' }, then: [{ action: 'show', field: 'certificate' }, { action: 'require', field: 'reason' }] },
    { when: { field: 'days', op: 'gt', value: 5 }, then: [{ action: 'setValue', field: 'reason', value: '长假' }] },
  ],
  defaults: { kind: 'annual' },
};
