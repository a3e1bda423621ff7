import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RankingRow } from './widgetData';

/** Top N by the first measure, largest first; a click on a row opens its records. */
export function RankingWidget({ rows, groupTitle, measureLabels, onDrill }: { rows: RankingRow[]; groupTitle: string; measureLabels: string[]; onDrill: (key: unknown) => void }) {
  const { t } = useTranslation();
  return (
    <Table<RankingRow> size="small" pagination={false} rowKey="rank" dataSource={rows} data-testid="ranking"
      locale={{ emptyText: t('dashboard.noData') }}
      onRow={(r) => ({ onClick: () => onDrill(r.key), style: { cursor: 'pointer' }, 'data-testid': 'ranking-row' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'rank', dataIndex: 'rank', title: '#', width: 48 },
        { key: 'name', dataIndex: 'name', title: groupTitle },
        ...measureLabels.map((title, i) => ({ key: `m${i}`, title, align: 'right' as const, render: (_: unknown, r: RankingRow) => r.values[i].toLocaleString() })),
      ]} />
  );
}
