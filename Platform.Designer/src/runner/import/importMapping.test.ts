import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';
import { autoMap, autoValueMap, distinctValues, importableFields, importOptions, parseCsv, reportCsv, reportLines } from './importMapping';

const fields: FieldDefinition[] = [
  { key: 'name', type: 'text', label: '客户名称', labelEn: 'Name' },
  { key: 'industry', type: 'singleSelect', label: '行业', labelEn: 'Industry', options: [{ value: 'energy', label: '新能源', labelEn: 'New energy' }, { value: 'mfg', label: '制造', labelEn: 'Manufacturing' }] },
  { key: 'revenue', type: 'decimal', label: '营收', labelEn: 'Revenue' },
  { key: 'code', type: 'autoNumber', label: '编号' },
  { key: 'parent', type: 'relation', label: '上级', relation: { kind: 'manyToOne', model: 'customer' } },
];

describe('import mapping', () => {
  it('reads CSV with a BOM, quotes, commas and line breaks in cells', () => {
    const sheet = parseCsv('\ufeff客户名称,Revenue,备注\r\n"甲, 公司",12,"第一行\n第二行"\r\n乙,"say ""hi""",\r\n\r\n');
    expect(sheet.headers).toEqual(['客户名称', 'Revenue', '备注']);
    expect(sheet.rows).toEqual([['甲, 公司', '12', '第一行\n第二行'], ['乙', 'say "hi"', '']]);
  });

  it('matches columns to fields by key, label or English label, ignoring case, and leaves the rest unmapped', () => {
    const usable = importableFields(fields);
    expect(usable.map((f) => f.key)).not.toContain('code');
    expect(autoMap(['客户名称', 'INDUSTRY', 'revenue', '备注', '编号'], usable)).toEqual({
      客户名称: 'name', INDUSTRY: 'industry', revenue: 'revenue', 备注: null, 编号: null,
    });
  });

  it('maps select cells given by label onto option values and leaves unknown ones to the user', () => {
    const sheet = parseCsv('行业\nenergy\n新能源\nmanufacturing\n其他\n新能源\n');
    const values = distinctValues(sheet, '行业');
    expect(values).toEqual(['energy', '新能源', 'manufacturing', '其他']);
    expect(autoValueMap(fields[1], values)).toEqual({ 新能源: 'energy', manufacturing: 'mfg', 其他: '' });
  });

  it('sends only chosen value maps for mapped fields', () => {
    const mapping = { 客户名称: 'name', 行业: 'industry', 备注: null };
    expect(importOptions(mapping, { industry: { 新能源: 'energy', 其他: '', energy: 'energy' }, parent: { A: 'B' } }, 'skipBadRows')).toEqual({
      mapping, values: { industry: { 新能源: 'energy' } }, mode: 'skipBadRows',
    });
  });

  it('turns the rejected rows into lines of row, column and reason, and a CSV', () => {
    const mapping = { 客户名称: 'name', Revenue: 'revenue' };
    const lines = reportLines([
      { row: 5, errors: { revenue: ['Not a number.'] } },
      { row: 3, errors: { name: ['Required.'], revenue: ['Too big, "really".'] } },
    ], mapping);
    expect(lines).toEqual([
      { row: 3, column: '客户名称', reason: 'Required.' },
      { row: 3, column: 'Revenue', reason: 'Too big, "really".' },
      { row: 5, column: 'Revenue', reason: 'Not a number.' },
    ]);
    expect(reportCsv(lines, ['行', '列', '原因'])).toBe('\ufeff行,列,原因\r\n3,客户名称,Required.\r\n3,Revenue,"Too big, ""really""."\r\n5,Revenue,Not a number.\r\n');
  });
});
