import { describe, expect, it } from 'vitest';
import zh from '../../shared/locales/zh-CN.json';
import en from '../../shared/locales/en.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('record page texts', () => {
  it('exist in both Chinese and English', () => {
    expect(keys(en.record).sort()).toEqual(keys(zh.record).sort());
    expect(keys(zh.record).length).toBeGreaterThan(20);
  });
});
