import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render as renderBare, screen, waitFor } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import '../../shared/i18n';
import { ApiError } from '../../shared/api';
import { PublicFormView } from './PublicFormView';
import type { PublicFormClient, PublicFormPayload } from './publicFormApi';
import { antdInJsdom } from '../../shared/antdInJsdom';

vi.setConfig({ testTimeout: 60000 });

beforeAll(antdInJsdom);

afterEach(cleanup);

const render = (ui: ReactElement) => renderBare(<ConfigProvider button={{ autoInsertSpace: false }}>{ui}</ConfigProvider>);

const payload: PublicFormPayload = {
  app: 'sales-crm',
  appName: '销售管理',
  form: {
    key: 'lead-form', model: 'lead', name: '官网留资',
    layout: [{ type: 'field', fieldKey: 'company' }, { type: 'field', fieldKey: 'contact_name' }, { type: 'field', fieldKey: 'budget' }],
    defaults: { source: '官网表单' },
  },
  model: {
    key: 'lead', name: '线索',
    fields: [
      { key: 'company', type: 'text', label: '公司', required: true },
      { key: 'contact_name', type: 'text', label: '联系人' },
      { key: 'budget', type: 'decimal', label: '预算(元)' },
    ],
  } as PublicFormPayload['model'],
  schema: { type: 'object', properties: { company: { type: 'string' }, contact_name: { type: 'string' }, budget: { type: 'number' } }, required: ['company'] },
};

/** An in-memory stand-in for the public endpoint that records what the page sends. */
function fakeClient(answer?: (values: Record<string, unknown>) => Promise<{ id: string }>) {
  const sent: Record<string, unknown>[] = [];
  const client: PublicFormClient = {
    load: async () => payload,
    submit: async (values) => {
      sent.push(values);
      return answer ? answer(values) : { id: 'l1' };
    },
  };
  return { client, sent };
}

describe('public form page', () => {
  it('sends only the fields the form places, then thanks the visitor', async () => {
    const { client, sent } = fakeClient();
    render(<PublicFormView client={client} />);
    await waitFor(() => expect(screen.getByText('官网留资')).toBeTruthy());
    expect(screen.getByText('销售管理')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/公司/), { target: { value: '光伏科技' } });
    fireEvent.change(screen.getByLabelText('预算(元)'), { target: { value: '2000000' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(screen.getByTestId('public-form-done')).toBeTruthy());
    expect(screen.getByText('提交成功')).toBeTruthy();
    expect(sent).toHaveLength(1);
    expect(Object.keys(sent[0]).every((k) => ['company', 'contact_name', 'budget'].includes(k))).toBe(true);
    expect(sent[0].company).toBe('光伏科技');
    expect(Number(sent[0].budget)).toBe(2000000);
  });

  it('checks required fields before sending and shows the server limit in words', async () => {
    const { client, sent } = fakeClient(async () => { throw new ApiError(429, { title: 'Too many', status: 429 }); });
    render(<PublicFormView client={client} />);
    await waitFor(() => expect(screen.getByText('官网留资')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(screen.getByTestId('public-form-error').textContent).toContain('请先更正标出的错误'));
    expect(sent).toHaveLength(0);
    fireEvent.change(screen.getByLabelText(/公司/), { target: { value: '光伏科技' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(screen.getByTestId('public-form-error').textContent).toContain('提交过于频繁'));
    expect(sent).toHaveLength(1);
  });

  it('says the form is closed when the server answers 404', async () => {
    const client: PublicFormClient = {
      load: async () => { throw new ApiError(404, { title: 'There is no such form.', status: 404 }); },
      submit: async () => ({ id: 'x' }),
    };
    render(<PublicFormView client={client} />);
    await waitFor(() => expect(screen.getByText('这个表单不存在或已停用')).toBeTruthy());
  });
});
