import { describe, expect, it } from 'vitest';
import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('locales', () => {
  it('English has a text for every zh-CN key and no extra ones', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });
  it('no text is left empty', () => {
    const empty = [...keys(zhCN).filter((k) => !k.split('.').reduce<any>((o, p) => o[p], zhCN)), ...keys(en).filter((k) => !k.split('.').reduce<any>((o, p) => o[p], en))];
    expect(empty).toEqual([]);
  });
});
