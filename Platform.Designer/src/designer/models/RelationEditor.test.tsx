import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import i18n from '../../shared/i18n';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';
import { FieldEditor } from './FieldEditor';
import { antdInJsdom } from '../../shared/antdInJsdom';

// Rendering antd under jsdom takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60000 });

beforeAll(antdInJsdom);
afterEach(async () => {
  cleanup();
  await i18n.changeLanguage('zh-CN');
});

const related: Record<string, FieldDefinition[]> = {
  product: [{ key: 'list_price', type: 'decimal', label: '目录价' }],
  customer: [{ key: 'name', type: 'text', label: '名称' }],
};
const models = Object.keys(related).map((m) => ({ value: m, label: m }));

/** The editor inside the state the model designer keeps, with the field as it would be saved shown as JSON. */
function Harness({ initial }: { initial: FieldDefinition }) {
  const [field, setField] = useState(initial);
  return (
    <>
      <FieldEditor field={field} keyLocked={false} models={models} siblings={[field]} related={related} onChange={setField} />
      <pre data-testid="saved">{JSON.stringify(field)}</pre>
    </>
  );
}

const saved = () => JSON.parse(screen.getByTestId('saved').textContent!) as FieldDefinition;

/** Picks an option; typing it first in a searchable select, whose long list is virtual and renders only its first options. */
async function choose(select: HTMLElement, optionText: string, search = false) {
  const box = within(select).getByRole('combobox');
  fireEvent.mouseDown(box);
  if (search) fireEvent.change(box, { target: { value: optionText } });
  fireEvent.click(await screen.findByTitle(optionText));
}

const lines: FieldDefinition = {
  key: 'lines', type: 'subTable', label: '明细',
  subTable: { fields: [{ key: 'product', type: 'text', label: '产品' }, { key: 'list_price', type: 'decimal', label: '目录价' }] },
};

describe('relation fields in sub-table lines', () => {
  it('turn a sub-field into a many-to-one relation with its target model, which copyFrom then offers', async () => {
    render(<Harness initial={lines} />);
    const rows = () => [...document.querySelectorAll<HTMLElement>('tr.ant-table-row')]; // the sub-fields, not their expanded settings
    await choose(rows()[0], '关联', true);
    expect(saved().subTable!.fields[0]).toMatchObject({ key: 'product', type: 'relation', label: '产品', relation: { kind: 'manyToOne', model: '' } });

    fireEvent.click(rows()[0].querySelector('.ant-table-row-expand-icon')!);
    const editor = await screen.findByTestId('relation-editor');
    fireEvent.mouseDown(within(editor).getAllByRole('combobox')[0]);
    await waitFor(() => expect(screen.getAllByTitle('多对一')).toHaveLength(2)); // the chosen kind and its one option
    expect(screen.queryByTitle('一对多')).toBeNull();
    expect(screen.queryByTitle('多对多')).toBeNull();
    fireEvent.keyDown(within(editor).getAllByRole('combobox')[0], { key: 'Escape' });
    fireEvent.mouseDown(within(editor).getAllByRole('combobox')[1]);
    fireEvent.click(await screen.findByTitle('product'));
    expect(saved().subTable!.fields[0].relation).toEqual({ kind: 'manyToOne', model: 'product' });

    fireEvent.click(rows()[1].querySelector('.ant-table-row-expand-icon')!);
    await choose(await screen.findByTestId('copy-from-relation'), '产品');
    expect(saved().subTable!.fields[1].copyFrom).toBe('product.list_price');
  });

  it('leave top-level relations all three kinds', async () => {
    render(<Harness initial={{ key: 'customer', type: 'relation', label: '客户', relation: { kind: 'manyToOne', model: 'customer' } }} />);
    fireEvent.mouseDown(within(screen.getByTestId('relation-editor')).getAllByRole('combobox')[0]);
    expect(await screen.findByTitle('一对多')).toBeTruthy();
    fireEvent.click(await screen.findByTitle('多对多'));
    expect(saved().relation).toEqual({ kind: 'manyToMany', model: 'customer' });
  });
});
