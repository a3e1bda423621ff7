import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import '../../shared/i18n';
import { antdInJsdom } from '../../shared/antdInJsdom';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import type { WidgetDefinition } from './DashboardDefinition';
import { DashboardWidget } from './DashboardWidget';
import { filterFromSearch } from './drillDown';

vi.setConfig({ testTimeout: 120000 });
beforeAll(antdInJsdom);
afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

const order: ModelDefinition = { key: 'order', name: '订单', fields: [{ key: 'total', type: 'decimal', label: '金额' }] };
const byRep: WidgetDefinition = {
  key: 'by-rep', title: '销售代表业绩排行', chart: 'ranking', model: 'order', limit: 2,
  query: { filter: { field: 'counts_in_sales', op: 'eq', value: true }, groupBy: ['owner'], measures: [{ op: 'sum', field: 'total', as: 'amount' }] },
};

function Table() {
  const location = useLocation();
  return <div data-testid="table-url">{JSON.stringify(filterFromSearch(new URLSearchParams(location.search)))}</div>;
}

const show = (widget: WidgetDefinition, models: ModelDefinition[]) => render(
  <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
    <MemoryRouter initialEntries={['/apps/crm/run/dashboards/d']}>
      <Routes>
        <Route path="/apps/crm/run/dashboards/d" element={<DashboardWidget app="crm" widget={widget} models={models} />} />
        <Route path="/apps/crm/run/models/order" element={<Table />} />
      </Routes>
    </MemoryRouter>
  </QueryClientProvider>,
);

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });

describe('dashboard widget', () => {
  it('shows "no access" without asking the server when the caller may not read the model', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    show(byRep, []);
    const card = await screen.findByTestId('dashboard-widget');
    expect(within(card).getByText('销售代表业绩排行')).toBeTruthy();
    expect(within(card).getByTestId('widget-no-access').textContent).toContain('无权查看此部件的数据');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows "no access", not an error, when the server refuses the aggregate', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(403, { title: 'Forbidden', status: 403 })));
    show(byRep, [order]);
    expect(await screen.findByTestId('widget-no-access')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('ranks reps by display name under the grouped field name, top `limit` only, labels the measure by its field, and a click opens their counted orders', async () => {
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/users/directory') return json(200, [{ id: 'u1', userName: 'zhang', displayName: '张三' }, { id: 'u2', userName: 'li', displayName: '李四' }, { id: 'u3', userName: 'wang' }]);
      expect(url).toBe('/api/apps/crm/models/order/records/aggregate');
      expect(JSON.parse(String(init!.body))).toEqual(byRep.query);
      return json(200, { rows: [{ owner: 'u1', amount: 100 }, { owner: 'u2', amount: 300 }, { owner: 'u3', amount: 200 }], truncated: false });
    });
    vi.stubGlobal('fetch', fetch);
    show(byRep, [order]);
    await waitFor(() => expect(screen.getAllByTestId('ranking-row').map((r) => r.textContent)).toEqual(['1李四300', '2wang200']));
    expect(screen.getByText('金额（合计）')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: '负责人' })).toBeTruthy();
    fireEvent.click(screen.getAllByTestId('ranking-row')[0]);
    expect(JSON.parse((await screen.findByTestId('table-url')).textContent!)).toEqual({ and: [byRep.query.filter, { field: 'owner', op: 'eq', value: 'u2' }] });
  });

  it('names departments, not their ids, when a widget groups by department', async () => {
    const byDept: WidgetDefinition = { key: 'by-dept', title: '部门业绩', chart: 'ranking', model: 'order', limit: 5, query: { groupBy: ['department'], measures: [{ op: 'count', as: 'n' }] } };
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      if (url === '/api/departments') return json(200, [{ id: 'd1', name: '华东大区' }, { id: 'd2', name: '华南大区' }]);
      return json(200, { rows: [{ department: 'd1', n: 3 }, { department: 'd2', n: 5 }, { department: 'd9', n: 1 }], truncated: false });
    }));
    show(byDept, [order]);
    await waitFor(() => expect(screen.getAllByTestId('ranking-row').map((r) => r.textContent)).toEqual(['1华南大区5', '2华东大区3', '3d91']));
  });
});
