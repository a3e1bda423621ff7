// Display names of related records (their model's displayField) by id, for table cells and chart
// labels: one query per relation field.
import type { FieldDefinition, ModelDefinition } from '../../shared/models/ModelDefinition';
import { tableApi } from './tableApi';

/** Names of the records `ids` of the relation `field` points to; ids without a name (or no access) are left out. */
export async function fetchRelationNames(app: string, field: FieldDefinition, models: ModelDefinition[], ids: string[]): Promise<Record<string, string>> {
  const target = models.find((m) => m.key === field.relation?.model);
  const unique = [...new Set(ids)];
  if (!target?.displayField || unique.length === 0) return {};
  try {
    const res = await tableApi.query(app, target.key, { filter: { field: 'id', op: 'in', value: unique.slice(0, 500) }, fields: [target.displayField], page: { size: Math.min(500, unique.length) } });
    return Object.fromEntries(res.items.map((r) => [r.id, String(r[target.displayField!] ?? r.id)]));
  } catch {
    return {};
  }
}
