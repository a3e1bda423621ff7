import { describe, expect, it } from 'vitest';
import { firstPage, firstRowNumber, hasNext, hasPrevious, nextPage, pageCount, pageLoaded, pageRequest, previousPage } from './paging';

describe('keyset paging', () => {
  const base = { filter: { and: [{ field: 'amount', op: 'gt', value: 5 }] }, sort: [{ field: 'amount', dir: 'desc' as const }] };

  it('asks for the first page without a cursor and with the count once', () => {
    const s = firstPage(50);
    expect(pageRequest(s, base)).toEqual({ ...base, page: { size: 50 }, total: true });
  });

  it('asks for the next page with the cursor the previous answer gave, and no count again', () => {
    let s = pageLoaded(firstPage(50), { items: [], next: 'CURSOR-1', total: 1_000_000 });
    expect(hasNext(s)).toBe(true);
    s = nextPage(s);
    const body = pageRequest(s, base);
    expect(body.page).toEqual({ size: 50, after: 'CURSOR-1' });
    expect(body.total).toBeUndefined();
    expect(firstRowNumber(s)).toBe(51);
    expect(pageCount(s)).toBe(20_000);
  });

  it('goes back with the cursors it kept and forward again', () => {
    let s = pageLoaded(firstPage(20), { items: [], next: 'c1', total: 100 });
    s = pageLoaded(nextPage(s), { items: [], next: 'c2' });
    s = pageLoaded(nextPage(s), { items: [], next: 'c3' });
    expect(pageRequest(s, {}).page).toEqual({ size: 20, after: 'c2' });
    s = previousPage(s);
    expect(pageRequest(s, {}).page).toEqual({ size: 20, after: 'c1' });
    s = previousPage(s);
    expect(pageRequest(s, {}).page).toEqual({ size: 20 });
    expect(hasPrevious(s)).toBe(false);
    expect(s.total).toBe(100);
  });

  it('stops at the last page', () => {
    const s = pageLoaded(firstPage(20), { items: [1, 2], next: null, total: 2 });
    expect(hasNext(s)).toBe(false);
    expect(nextPage(s)).toBe(s);
  });

  it('never asks for more than one page, whatever the total', () => {
    let s = pageLoaded(firstPage(100), { items: [], next: 'x', total: 1_000_000 });
    s = nextPage(s);
    expect(pageRequest(s, {}).page.size).toBe(100);
    expect(JSON.stringify(pageRequest(s, {}))).not.toContain('number');
  });
});
