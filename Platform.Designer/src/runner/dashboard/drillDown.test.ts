import { describe, expect, it } from 'vitest';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import type { WidgetDefinition } from './DashboardDefinition';
import { bucketRange, drillFilter, drillPath, filterFromSearch } from './drillDown';

const order: ModelDefinition = {
  key: 'order', name: '订单',
  fields: [{ key: 'total', type: 'decimal' }, { key: 'signed_on', type: 'date' }, { key: 'paid_at', type: 'datetime' }, { key: 'customer', type: 'relation', relation: { kind: 'manyToOne', model: 'customer' } }],
};
const counted = { field: 'counts_in_sales', op: 'eq', value: true };
const widget = (groupBy: WidgetDefinition['query']['groupBy']): WidgetDefinition => ({ key: 'w', chart: 'bar', model: 'order', query: { filter: counted, groupBy, measures: [{ op: 'count' }] } });

describe('dashboard drill-down', () => {
  it('turns a clicked month of a date into an inclusive between range, with the widget filter', () => {
    expect(drillFilter(widget([{ field: 'signed_on', bucket: 'month' }]), ['2026-02'], order)).toEqual({
      and: [counted, { field: 'signed_on', op: 'between', value: ['2026-02-01', '2026-02-28'] }],
    });
    expect(drillFilter(widget([{ field: 'signed_on', bucket: 'month' }]), ['2028-02'], order)!.and).toContainEqual({ field: 'signed_on', op: 'between', value: ['2028-02-01', '2028-02-29'] });
  });

  it('gives every bucket its first and last day', () => {
    expect(bucketRange('day', '2026-03-05')).toEqual(['2026-03-05', '2026-03-05']);
    expect(bucketRange('week', '2026-12-28')).toEqual(['2026-12-28', '2027-01-03']);
    expect(bucketRange('quarter', '2026-Q4')).toEqual(['2026-10-01', '2026-12-31']);
    expect(bucketRange('year', '2026')).toEqual(['2026-01-01', '2026-12-31']);
    expect(bucketRange('month', 'not a month')).toBeUndefined();
  });

  it('ends a date-time bucket before midnight of the next day', () => {
    expect(drillFilter(widget([{ field: 'paid_at', bucket: 'month' }]), ['2026-12'], order)).toEqual({
      and: [counted, { and: [{ field: 'paid_at', op: 'gte', value: '2026-12-01T00:00:00Z' }, { field: 'paid_at', op: 'lt', value: '2027-01-01T00:00:00Z' }] }],
    });
  });

  it('picks a clicked pivot cell by both groups, and the empty group by isEmpty', () => {
    expect(drillFilter(widget(['owner', { field: 'signed_on', bucket: 'year' }]), ['u1', '2026'], order)).toEqual({
      and: [counted, { field: 'owner', op: 'eq', value: 'u1' }, { field: 'signed_on', op: 'between', value: ['2026-01-01', '2026-12-31'] }],
    });
    expect(drillFilter(widget(['customer']), [null], order)).toEqual({ and: [counted, { field: 'customer', op: 'isEmpty' }] });
  });

  it('opens the widget filter alone from a number card, and a widget without a filter at the whole table', () => {
    expect(drillFilter(widget(undefined), [], order)).toEqual(counted);
    expect(drillPath('crm', 'order', undefined)).toBe('/apps/crm/run/models/order');
  });

  it('carries the filter in the table URL and reads it back', () => {
    const filter = drillFilter(widget(['customer']), ['c 1&2'], order);
    const path = drillPath('crm', 'order', filter);
    expect(path.startsWith('/apps/crm/run/models/order?filter=')).toBe(true);
    expect(filterFromSearch(new URLSearchParams(path.split('?')[1]))).toEqual(filter);
    expect(filterFromSearch(new URLSearchParams('filter=%7Bbroken'))).toBeUndefined();
  });
});
