import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import i18n from '../../shared/i18n';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';
import { ImportActionPicker } from './ImportActionPicker';
import { importOptions, matchCandidates, type ColumnMapping, type ImportAction } from './importMapping';
import { antdInJsdom } from '../../shared/antdInJsdom';

// Rendering antd under jsdom takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60000 });

beforeAll(antdInJsdom);
afterEach(cleanup);

const fields: FieldDefinition[] = [
  { key: 'code', type: 'text', label: '客户编号', labelEn: 'Customer code', unique: true },
  { key: 'name', type: 'text', label: '客户名称', labelEn: 'Name' },
  { key: 'tax_id', type: 'text', label: '税号', labelEn: 'Tax ID', unique: true },
];

/** The picker inside the state the wizard keeps, with the options the wizard would send shown as JSON. */
function Harness({ mapping }: { mapping: ColumnMapping }) {
  const [action, setAction] = useState<ImportAction>('create');
  const [matchOn, setMatchOn] = useState<string | null>(null);
  return (
    <>
      <ImportActionPicker fields={fields} mapping={mapping} action={action} matchOn={matchOn} onChange={(a, m) => { setAction(a); setMatchOn(m); }} />
      <pre data-testid="sent">{JSON.stringify(importOptions(mapping, {}, 'allOrNothing', action, matchOn))}</pre>
    </>
  );
}

const sent = () => JSON.parse(screen.getByTestId('sent').textContent!);

async function choose(testId: string, optionText: string) {
  fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole('combobox'));
  fireEvent.click(await screen.findByTitle(optionText));
}

describe('import action and match field', () => {
  it('offers the mapped unique fields, and the record id when a column is mapped to it', () => {
    expect(matchCandidates(fields, { 编号: 'code', 名称: 'name', 税号: null })).toEqual(['code']);
    expect(matchCandidates(fields, { ID: 'id', 税号: 'tax_id' })).toEqual(['tax_id', 'id']);
  });

  it('sends action and matchOn only for update and upsert', () => {
    expect(importOptions({ a: 'code' }, {}, 'skipBadRows')).toEqual({ mapping: { a: 'code' }, values: {}, mode: 'skipBadRows' });
    expect(importOptions({ a: 'code' }, {}, 'skipBadRows', 'upsert', 'code')).toEqual({ mapping: { a: 'code' }, values: {}, mode: 'skipBadRows', action: 'upsert', matchOn: 'code' });
  });

  it('lets the user choose upsert and the match field (zh-CN)', async () => {
    await i18n.changeLanguage('zh-CN');
    render(<Harness mapping={{ 编号: 'code', 名称: 'name', 税号: 'tax_id' }} />);
    expect(sent()).toEqual({ mapping: { 编号: 'code', 名称: 'name', 税号: 'tax_id' }, values: {}, mode: 'allOrNothing' });
    expect(screen.queryByTestId('import-match-on')).toBeNull();

    await choose('import-action', '更新已有数据，其余新增');
    expect(sent()).toMatchObject({ action: 'upsert', matchOn: 'code' });
    expect(screen.getByText('匹配不到记录的行会新增；空单元格保留原值。')).toBeTruthy();

    await choose('import-match-on', '税号');
    expect(sent()).toMatchObject({ action: 'upsert', matchOn: 'tax_id' });

    await choose('import-action', '新增数据');
    expect(sent()).toEqual({ mapping: { 编号: 'code', 名称: 'name', 税号: 'tax_id' }, values: {}, mode: 'allOrNothing' });
  });

  it('says what is missing when no column can match rows (English)', async () => {
    await i18n.changeLanguage('en');
    render(<Harness mapping={{ Name: 'name' }} />);
    await choose('import-action', 'Update existing records');
    expect(screen.getByTestId('import-match-missing').textContent).toContain('Map a column to a unique field');
    expect(sent()).toMatchObject({ action: 'update', matchOn: null });
    await i18n.changeLanguage('zh-CN');
  });
});
