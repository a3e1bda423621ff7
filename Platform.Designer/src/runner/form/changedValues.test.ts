import { describe, expect, it } from 'vitest';
import { changedValues } from './changedValues';

describe('changedValues', () => {
  it('keeps only the fields that differ from the loaded record', () => {
    const record = { id: 'r1', rowVersion: 3, name: '甲', tags: ['a'], note: null };
    expect(changedValues({ name: '甲', tags: ['a', 'b'], note: null, amount: 5 }, record)).toEqual({ tags: ['a', 'b'], amount: 5 });
  });
});
