import { describe, expect, it } from 'vitest';
import zh from './locales/zh-CN.json';
import en from './locales/en.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('locales', () => {
  it('has every designer and runner text in both Chinese and English', () => {
    const zhKeys = keys({ designer: zh.designer, runner: zh.runner }).sort();
    const enKeys = keys({ designer: en.designer, runner: en.runner }).sort();
    expect(enKeys).toEqual(zhKeys);
  });
});
