import { Card, Checkbox, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import type { RecordJson } from '../../shared/platformApi';
import { cellText, type CellContext } from './cellText';

/** The table at phone width: one card per record with the chosen columns as label/value lines. */
export function RecordCards({ records, columns, selected, onSelect, recordPath, ctx }: {
  records: RecordJson[]; columns: FieldDefinition[]; selected: string[]; onSelect: (ids: string[]) => void;
  recordPath: (id: string) => string; ctx: CellContext;
}) {
  const { t, i18n } = useTranslation();
  if (records.length === 0) return <Empty description={t('table.noRows')} />;
  const [head, ...rest] = columns;
  return (
    <div data-testid="record-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {records.map((r) => (
        <Card key={r.id} size="small" data-record-id={r.id}
          title={<Link to={recordPath(r.id)}>{head ? cellText(head, r[head.key], ctx) || '—' : r.id}</Link>}
          extra={<Checkbox aria-label={t('table.select')} checked={selected.includes(r.id)}
            onChange={(e) => onSelect(e.target.checked ? [...selected, r.id] : selected.filter((x) => x !== r.id))} />}>
          {rest.map((f) => (
            <div key={f.key} style={{ display: 'flex', gap: 8, fontSize: 13 }}>
              <span style={{ color: '#888', flex: '0 0 40%' }}>{fieldLabel(f, i18n.language)}</span>
              <span style={{ wordBreak: 'break-word' }} data-cell={f.key}>{cellText(f, r[f.key], ctx)}</span>
            </div>
          ))}
        </Card>
      ))}
    </div>
  );
}
