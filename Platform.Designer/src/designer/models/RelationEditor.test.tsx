import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';
import { choose, fieldEditorSuite, FieldEditorHarness, saved } from './FieldEditorHarness';

fieldEditorSuite();

const related: Record<string, FieldDefinition[]> = {
  product: [{ key: 'list_price', type: 'decimal', label: '目录价' }],
  customer: [{ key: 'name', type: 'text', label: '名称' }],
};
const Harness = ({ initial }: { initial: FieldDefinition }) => <FieldEditorHarness fields={[initial]} related={related} />;

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
    await screen.findByTestId('copy-from-relation');
    await choose('copy-from-relation', '产品');
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
