import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, xsrfToken } from './api';

describe('api antiforgery header', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  function captureFetch() {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, headers: init.headers as Record<string, string> });
      return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    return calls;
  }

  it('echoes the XSRF-TOKEN cookie on state-changing requests only', async () => {
    document.cookie = 'XSRF-TOKEN=' + encodeURIComponent('tok/en+1') + '; path=/';
    expect(xsrfToken()).toBe('tok/en+1');
    const calls = captureFetch();
    await api('/api/departments', { method: 'POST', json: { name: 'x' } });
    await api('/api/departments/1', { method: 'delete' });
    await api('/api/me');
    expect(calls[0].headers['X-XSRF-TOKEN']).toBe('tok/en+1');
    expect(calls[1].headers['X-XSRF-TOKEN']).toBe('tok/en+1');
    expect(calls[2].headers['X-XSRF-TOKEN']).toBeUndefined();
  });

  it('sends no header when there is no session token (before sign-in)', async () => {
    const calls = captureFetch();
    await api('/api/auth/sign-in', { method: 'POST', json: { userName: 'a', password: 'b' } });
    expect(calls[0].headers['X-XSRF-TOKEN']).toBeUndefined();
  });
});
