import { useRef, useState } from 'react';
import { Spin } from 'antd';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';
import { ValueEditor } from './ValueEditor';

/** A table cell that turns into an editor on click; Enter, a choice or leaving saves, Escape cancels. */
export function EditableCell({ field, value, text, editable, onSave }: {
  field: FieldDefinition; value: unknown; text: string; editable: boolean; onSave: (v: unknown) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<unknown>(value);
  const [saving, setSaving] = useState(false);
  // A value the server just refused (409 prompt, 400) is not sent again when the focus moves on.
  const refused = useRef<string | null>(null);
  const commit = async (v: unknown) => {
    const json = JSON.stringify(v ?? null);
    if (saving || json === refused.current) return;
    if (json === JSON.stringify(value ?? null)) { setEditing(false); return; }
    setSaving(true);
    const ok = await onSave(v);
    setSaving(false);
    refused.current = ok ? null : json;
    if (ok) setEditing(false);
  };
  if (!editable) return <span data-cell={field.key}>{text}</span>;
  if (!editing) {
    return (
      <div data-cell={field.key} className="lc-cell-editable" style={{ minHeight: 22, cursor: 'text' }}
        onClick={() => { setDraft(value); setEditing(true); }}>{text}</div>
    );
  }
  return (
    <div data-cell={field.key} data-editing="true" style={{ display: 'flex', alignItems: 'center', gap: 4 }}
      onKeyDown={(e) => { if (e.key === 'Escape') setEditing(false); }}
      onBlur={(e) => {
        // Leaving the cell (not moving inside it, e.g. into a select's list) saves text and numbers.
        if (!e.currentTarget.contains(e.relatedTarget as Node) && !['singleSelect', 'date', 'boolean'].includes(field.type)) void commit(draft);
      }}>
      <ValueEditor field={field} value={draft} autoFocus onChange={setDraft} onCommit={(v) => void commit(v)} />
      {saving && <Spin size="small" />}
    </div>
  );
}
