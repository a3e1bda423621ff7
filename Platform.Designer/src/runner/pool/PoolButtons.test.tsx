import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18n from '../../shared/i18n';
import { PoolButtons, type PoolRecord } from './PoolButtons';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  void i18n.changeLanguage('zh-CN');
});

/** Answers each request with the next queued response and records what was sent. */
function serverAnswers(...answers: { status: number; body: unknown }[]) {
  const calls: { url: string; method?: string }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method });
    const next = answers.shift()!;
    return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'Content-Type': 'application/json' } });
  });
  return calls;
}

// Generous time: the suite shares two cores with the whole build.
describe('PoolButtons', { timeout: 30_000 }, () => {
  it('claims a pool record, then offers to release it', async () => {
    const calls = serverAnswers({ status: 200, body: { id: 'c1', owner: 'u1' } }, { status: 200, body: { id: 'c1', owner: null } });
    let record: PoolRecord = { id: 'c1', owner: null };
    const view = render(<PoolButtons app="crm" model="customer" record={record} userId="u1" onChange={(r) => (record = r)} />);
    expect(screen.getByText('公海')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '领取' }));
    await waitFor(() => expect(record.owner).toBe('u1'));
    expect(calls[0]).toEqual({ url: '/api/apps/crm/models/customer/records/c1/claim', method: 'POST' });

    view.rerender(<PoolButtons app="crm" model="customer" record={record} userId="u1" onChange={(r) => (record = r)} />);
    expect(screen.queryByRole('button', { name: '领取' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '退回公海' }));
    await waitFor(() => expect(record.owner).toBeNull());
    expect(calls[1].url).toBe('/api/apps/crm/models/customer/records/c1/release');
  });

  it("shows the server's reason when the claim limit or the cooldown refuses", async () => {
    serverAnswers(
      { status: 429, body: { title: 'You have claimed 20 customer records this day; the limit is 20.', status: 429 } },
      { status: 400, body: { title: 'x', errors: { owner: ['You returned this record to the pool on 2026-11-20.'] } } },
    );
    render(<PoolButtons app="crm" model="customer" record={{ id: 'c2', owner: null }} userId="u1" />);
    fireEvent.click(screen.getByRole('button', { name: '领取' }));
    expect((await screen.findByRole('alert')).textContent).toBe('已达领取上限：You have claimed 20 customer records this day; the limit is 20.');
    await waitFor(() => expect(screen.getByText('领取').closest('button')!.className).not.toContain('loading'));
    fireEvent.click(screen.getByText('领取').closest('button')!);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('You returned this record to the pool on 2026-11-20.'));
  });

  it("shows nothing to claim or release on someone else's record, and speaks English", async () => {
    await i18n.changeLanguage('en');
    render(<PoolButtons app="crm" model="customer" record={{ id: 'c3', owner: 'u2' }} userId="u1" />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    cleanup();
    render(<PoolButtons app="crm" model="customer" record={{ id: 'c3', owner: null }} userId="u1" />);
    expect(screen.getByRole('button', { name: 'Claim' })).toBeTruthy();
  });
});
