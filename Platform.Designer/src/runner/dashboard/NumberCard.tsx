import { Statistic } from 'antd';

/** A number card: one measure over every record the widget's filter lets through; a click opens them. */
export function NumberCard({ value, label, onDrill }: { value: number; label: string; onDrill: () => void }) {
  return (
    <div data-testid="number-card" role="button" tabIndex={0} style={{ cursor: 'pointer' }} onClick={onDrill} onKeyDown={(e) => e.key === 'Enter' && onDrill()}>
      <Statistic title={label} value={value} />
    </div>
  );
}
