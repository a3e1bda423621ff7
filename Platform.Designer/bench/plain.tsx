import { useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { benchFields } from './benchForm';
import type { FieldDefinition } from '../src/shared/models/ModelDefinition';
import { markCommitted, markRenderStart } from './measure';

// The floor: the same 200 fields as bare HTML controls with React-held values.
function Control({ field }: { field: FieldDefinition }) {
  const [value, setValue] = useState<string | boolean>(field.type === 'boolean' ? false : '');
  const id = `p-${field.key}`;
  const input = (() => {
    switch (field.type) {
      case 'boolean': return <input id={id} type="checkbox" checked={value === true} onChange={(e) => setValue(e.target.checked)} />;
      case 'longText': return <textarea id={id} value={String(value)} onChange={(e) => setValue(e.target.value)} />;
      case 'singleSelect':
        return (
          <select id={id} value={String(value)} onChange={(e) => setValue(e.target.value)}>
            <option value="" />
            {field.options!.map((o) => <option key={o.value} value={o.value}>{o.value}</option>)}
          </select>
        );
      case 'number': case 'decimal': return <input id={id} type="number" value={String(value)} onChange={(e) => setValue(e.target.value)} />;
      case 'date': return <input id={id} type="date" value={String(value)} onChange={(e) => setValue(e.target.value)} />;
      default: return <input id={id} type={field.type === 'email' ? 'email' : 'text'} value={String(value)} onChange={(e) => setValue(e.target.value)} />;
    }
  })();
  return (
    <div style={{ marginBottom: 16 }}>
      <label htmlFor={id} style={{ display: 'block' }}>{field.label}</label>
      {input}
    </div>
  );
}

function Bench() {
  useLayoutEffect(markCommitted, []);
  return <form>{benchFields.map((f) => <Control key={f.key} field={f} />)}</form>;
}

markRenderStart();
createRoot(document.getElementById('root')!).render(<Bench />);
