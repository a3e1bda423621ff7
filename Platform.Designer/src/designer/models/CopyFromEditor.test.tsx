import { describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import i18n from '../../shared/i18n';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';
import { choose, fieldEditorSuite, FieldEditorHarness, saved } from './FieldEditorHarness';

fieldEditorSuite();

const related: Record<string, FieldDefinition[]> = {
  product: [
    { key: 'name', type: 'text', label: '产品名称', labelEn: 'Name' },
    { key: 'list_price', type: 'decimal', label: '目录价', labelEn: 'List price' },
    { key: 'cost_price', type: 'decimal', label: '成本价', labelEn: 'Cost price' },
    { key: 'sheet', type: 'attachment', label: '规格书' },
  ],
};

const orderFields: FieldDefinition[] = [
  { key: 'product', type: 'relation', label: '产品', relation: { kind: 'manyToOne', model: 'product' } },
  { key: 'list_price', type: 'decimal', label: '目录价' },
  { key: 'notes', type: 'longText', label: '备注' },
];

const Harness = ({ index, fields }: { index: number; fields: FieldDefinition[] }) => <FieldEditorHarness index={index} fields={fields} related={related} />;

describe('copy value from a related record (copyFrom)', () => {
  it('sets product.list_price in two choices, proposing the field of the same key', async () => {
    render(<Harness index={1} fields={orderFields} />);
    expect(screen.queryByTestId('copy-from-field')).toBeNull();
    await choose('copy-from-relation', '产品');
    expect(saved().copyFrom).toBe('product.list_price');
    await choose('copy-from-field', '成本价');
    expect(saved().copyFrom).toBe('product.cost_price');
    expect(screen.queryByTitle('规格书')).toBeNull();
  });

  it('is offered in English and cleared with the relation', async () => {
    await i18n.changeLanguage('en');
    const fields = orderFields.map((f) => (f.key === 'list_price' ? { ...f, copyFrom: 'product.list_price' } : f));
    render(<Harness index={1} fields={fields} />);
    expect(screen.getByText('Copy value from')).toBeTruthy();
    fireEvent.mouseDown(within(screen.getByTestId('copy-from-relation')).getByRole('combobox'));
    fireEvent.mouseUp(screen.getByTestId('copy-from-relation').querySelector('.ant-select-clear')!);
    fireEvent.click(screen.getByTestId('copy-from-relation').querySelector('.ant-select-clear')!);
    expect(saved().copyFrom).toBeUndefined();
  });

  it('is not offered without a many-to-one relation beside the field, nor on the relation itself', () => {
    render(<Harness index={0} fields={orderFields} />);
    expect(screen.queryByTestId('copy-from')).toBeNull();
    cleanup();
    render(<Harness index={0} fields={[{ key: 'notes', type: 'text', label: '备注' }]} />);
    expect(screen.queryByTestId('copy-from')).toBeNull();
  });
});
