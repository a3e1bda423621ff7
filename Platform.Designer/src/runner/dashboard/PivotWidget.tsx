import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Pivot, PivotRow } from './widgetData';

/** Rows × columns of two group-bys with totals; a click on a cell opens the records of both groups, on a row title those of the row. */
export function PivotWidget({ pivot, onDrill }: { pivot: Pivot; onDrill: (values: unknown[]) => void }) {
  const { t } = useTranslation();
  const cell = (v: number | undefined, drill: () => void) => (v === undefined ? '' : <a onClick={drill}>{v.toLocaleString()}</a>);
  return (
    <Table<PivotRow> size="small" pagination={false} rowKey="key" dataSource={pivot.rows} scroll={{ x: 'max-content' }} data-testid="pivot"
      locale={{ emptyText: t('dashboard.noData') }}
      summary={() => pivot.rows.length > 0 && (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}><b>{t('dashboard.total')}</b></Table.Summary.Cell>
          {pivot.columns.map((c, i) => <Table.Summary.Cell key={c.key} index={i + 1} align="right">{(pivot.totals[c.key] ?? 0).toLocaleString()}</Table.Summary.Cell>)}
          <Table.Summary.Cell index={pivot.columns.length + 1} align="right"><b>{pivot.total.toLocaleString()}</b></Table.Summary.Cell>
        </Table.Summary.Row>
      )}
      columns={[
        { key: 'title', title: '', fixed: 'left' as const, render: (_: unknown, r: PivotRow) => <a onClick={() => onDrill([r.value])}>{r.title}</a> },
        ...pivot.columns.map((c) => ({
          key: c.key, title: c.title, align: 'right' as const,
          render: (_: unknown, r: PivotRow) => cell(r.cells[c.key], () => onDrill([r.value, c.value])),
        })),
        { key: '__total', title: t('dashboard.total'), align: 'right' as const, render: (_: unknown, r: PivotRow) => <b>{r.total.toLocaleString()}</b> },
      ]} />
  );
}
