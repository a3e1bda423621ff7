import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router-dom';
import i18n from '../../shared/i18n';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { RecordTable } from '../table/RecordTable';
import { poolAccess } from './poolAccess';

// antd's table watches the viewport; jsdom has neither API. Rendering antd under jsdom takes seconds on a busy machine.
vi.setConfig({ testTimeout: 120000 });

beforeAll(() => {
  // A wide screen (every min-width query matches): the table, not the phone's cards.
  window.matchMedia = ((query: string) =>
    ({ matches: query.includes('min-width'), media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as MediaQueryList);
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  void i18n.changeLanguage('zh-CN');
});

const customer: ModelDefinition = {
  key: 'customer', name: '客户', displayField: 'name',
  fields: [{ key: 'name', type: 'text', label: '名称' }],
  pool: { members: ['rep'], claimLimit: 20 },
};

const rows = [
  { id: 'c1', rowVersion: 1, name: '公海客户', owner: null },
  { id: 'c2', rowVersion: 4, name: '我的客户', owner: 'u1' },
  { id: 'c3', rowVersion: 2, name: '同事的客户', owner: 'u2' },
];

/** The records API as the table calls it: one page of rows, and the claim answered with the claimed record. */
function server() {
  const posts: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const answer = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    if (url.endsWith('/records/query')) return answer({ items: rows, next: null });
    posts.push(`${init.method} ${url}`);
    if (url.endsWith('/c1/claim')) return answer({ ...rows[0], owner: 'u1', rowVersion: 2 });
    return new Response(JSON.stringify({ title: 'unexpected' }), { status: 500 });
  });
  return posts;
}

const table = (model: ModelDefinition, canClaim: boolean) => (
  <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <AntApp>
        <MemoryRouter>
          <RecordTable app="crm" model={model} models={[model]} readOnly={new Set()} user="u1" canClaim={canClaim} />
        </MemoryRouter>
      </AntApp>
    </ConfigProvider>
  </QueryClientProvider>
);

// Generous waits: under the full suite on two shared cores, antd's first table render alone can take seconds.
const slow = { timeout: 30000 };
const rowOf = async (name: string) => (await screen.findByText(name, {}, slow)).closest('tr')!;

describe('pool buttons on the table view', () => {
  it('offers claim on pool records and release on the own ones, in a pool column', async () => {
    const posts = server();
    render(table(customer, true));
    expect(await screen.findByRole('columnheader', { name: '公海' }, slow)).toBeTruthy();
    expect(within(await rowOf('我的客户')).getByRole('button', { name: '退回公海' })).toBeTruthy();
    expect(within(await rowOf('同事的客户')).queryAllByRole('button')).toHaveLength(0);

    fireEvent.click(within(await rowOf('公海客户')).getByRole('button', { name: '领取' }));
    await waitFor(async () => expect(within(await rowOf('公海客户')).getByRole('button', { name: '退回公海' })).toBeTruthy(), slow);
    expect(posts).toEqual(['POST /api/apps/crm/models/customer/records/c1/claim']);
  });

  it('shows no claim to users outside the pool, and no pool column on other models', async () => {
    server();
    await i18n.changeLanguage('en');
    render(table(customer, false));
    const poolRow = await rowOf('公海客户');
    expect(within(poolRow).getByText('In the pool')).toBeTruthy();
    expect(within(poolRow).queryByRole('button', { name: 'Claim' })).toBeNull();
    cleanup();
    render(table({ ...customer, pool: undefined }, true));
    await rowOf('公海客户');
    expect(screen.queryByRole('columnheader', { name: 'Pool' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Claim' })).toBeNull();
  });
});

describe('poolAccess', () => {
  it('lets administrators and holders of a member role claim, on pool models only', () => {
    expect(poolAccess(customer, 'crm', { isAdmin: false, roles: ['crm/rep'] })).toEqual({ enabled: true, canClaim: true });
    expect(poolAccess(customer, 'crm', { isAdmin: false, roles: ['other/rep', 'crm/finance'] })).toEqual({ enabled: true, canClaim: false });
    expect(poolAccess(customer, 'crm', { isAdmin: true, roles: ['admin'] }).canClaim).toBe(true);
    expect(poolAccess({ pool: undefined }, 'crm', { isAdmin: true, roles: [] })).toEqual({ enabled: false, canClaim: false });
  });
});
