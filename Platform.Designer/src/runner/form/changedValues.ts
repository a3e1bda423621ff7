import type { RecordJson } from '../../shared/platformApi';

/** An edit sends only what the user changed, so a merge after a conflict never undoes others' edits. */
export function changedValues(values: Record<string, unknown>, record: RecordJson): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in values) if (JSON.stringify(values[key] ?? null) !== JSON.stringify(record[key] ?? null)) out[key] = values[key];
  return out;
}
