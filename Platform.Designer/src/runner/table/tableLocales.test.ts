import { describe, expect, it } from 'vitest';
import zh from '../../shared/locales/zh-CN.json';
import en from '../../shared/locales/en.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('table locale', () => {
  it('has every table, menu and import text in Chinese and English, and an operator label for every operator', async () => {
    expect(keys(en.table).sort()).toEqual(keys(zh.table).sort());
    const { operatorsFor } = await import('./filterModel');
    const types = ['text', 'longText', 'number', 'date', 'boolean', 'singleSelect', 'multiSelect', 'subTable'] as const;
    const ops = new Set(types.flatMap((type) => operatorsFor({ key: 'x', type })));
    for (const op of ops) expect(Object.keys(zh.table.op)).toContain(op);
  });
});
