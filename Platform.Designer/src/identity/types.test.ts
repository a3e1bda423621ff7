import { describe, expect, it } from 'vitest';
import { departmentTree, problemLines } from './types';

describe('departmentTree', () => {
  it('nests departments under their parents and keeps roots in order', () => {
    const tree = departmentTree([
      { id: 'hq', name: '总部', parentId: null, path: '/hq/', depth: 0 },
      { id: 'east', name: '华东', parentId: 'hq', path: '/hq/east/', depth: 1 },
      { id: 'sh', name: '上海', parentId: 'east', path: '/hq/east/sh/', depth: 2 },
      { id: 'lab', name: '实验室', parentId: null, path: '/lab/', depth: 0 },
    ]);
    expect(tree.map((n) => n.title)).toEqual(['总部', '实验室']);
    expect(tree[0].children[0].children[0]).toMatchObject({ value: 'sh', title: '上海' });
  });
});

describe('problemLines', () => {
  it('lists field messages, or the title when there are none', () => {
    expect(problemLines({ title: 'bad', errors: { userName: ['taken'], password: ['too short'] } })).toEqual(['taken', 'too short']);
    expect(problemLines({ title: 'Only administrators may do this.' })).toEqual(['Only administrators may do this.']);
  });
});
