import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '../../../shared/i18n';
import type { FormDefinition } from '../../../shared/forms/FormDefinition';
import type { ModelDefinition } from '../../../shared/models/ModelDefinition';
import { FormRenderer } from '../FormRenderer';
import { FormStore } from '../FormStore';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

const model: ModelDefinition = {
  key: 'team',
  name: '销售团队',
  fields: [
    { key: 'leader', type: 'user', label: '组长' },
    { key: 'region', type: 'department', label: '所属大区' },
  ],
};
const form: FormDefinition = { key: 'team-form', model: 'team', name: '团队', layout: [{ type: 'field', fieldKey: 'leader' }, { type: 'field', fieldKey: 'region' }] };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });

const show = (store: FormStore) => render(
  <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
    <FormRenderer store={store} />
  </QueryClientProvider>,
);

const optionTexts = (select: HTMLElement) => Array.from(select.querySelectorAll('option')).map((o) => o.textContent);

describe('user and department pickers', { timeout: 30_000 }, () => {
  it('pick people by name and departments in tree order, storing their ids, and keep a value the directory lacks', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      if (url === '/api/users/directory') return json(200, [{ id: 'u1', userName: 'zhang', displayName: '张伟' }, { id: 'u2', userName: 'zhang2', displayName: '张伟' }, { id: 'u3', userName: 'li' }]);
      if (url === '/api/departments') return json(200, [{ id: 'd0', name: '销售中心', depth: 0 }, { id: 'd1', name: '华东大区', depth: 1 }, { id: 'd2', name: '华东A组', depth: 2 }]);
      return json(404, {});
    }));
    const store = new FormStore(model, form, { values: { leader: 'u-gone' } });
    show(store);
    const leader = await screen.findByLabelText('组长');
    await waitFor(() => expect(optionTexts(leader)).toEqual(['请选择', 'u-gone', '张伟 (zhang)', '张伟 (zhang2)', 'li']));
    fireEvent.change(leader, { target: { value: 'u2' } });
    expect(store.getValue('leader')).toBe('u2');

    const region = screen.getByLabelText('所属大区');
    await waitFor(() => expect(optionTexts(region)).toEqual(['请选择', '销售中心', '\u3000华东大区', '\u3000\u3000华东A组']));
    fireEvent.change(region, { target: { value: 'd1' } });
    expect(store.getValue('region')).toBe('d1');
    fireEvent.change(region, { target: { value: '' } });
    expect(store.getValue('region')).toBeUndefined();
  });

  it('falls back to typing the id where the directory cannot be read (an anonymous public form)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { title: 'Sign in' })));
    const store = new FormStore(model, form);
    show(store);
    await waitFor(() => expect(screen.getByLabelText('组长').tagName).toBe('INPUT'));
    fireEvent.change(screen.getByLabelText('组长'), { target: { value: 'u9' } });
    expect(store.getValue('leader')).toBe('u9');
  });
});
