// The import wizard's logic: reading a CSV's header and cells, matching columns to fields by key
// or label, mapping cell values onto option values, the options sent to the import API, and the
// row error report (row, column, reason) built from the API's answer.
import type { FieldDefinition } from '../../shared/models/ModelDefinition';

export interface SheetData { headers: string[]; rows: string[][] }
export type ColumnMapping = Record<string, string | null>;
export type ValueMaps = Record<string, Record<string, string>>;
export type ImportMode = 'allOrNothing' | 'skipBadRows';
/** What each row does: create a record, update the record it matches, or update when one matches and create otherwise. */
export type ImportAction = 'create' | 'update' | 'upsert';
/** The mapping target and match key of a column of record ids. */
export const RECORD_ID = 'id';

/** RFC 4180 CSV: quoted cells with doubled quotes and line breaks; a leading BOM is dropped. */
export function parseCsv(text: string): SheetData {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell); cell = '';
      rows.push(row); row = [];
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  const nonEmpty = rows.filter((r) => r.some((c) => c.trim() !== ''));
  const [headers = [], ...rest] = nonEmpty;
  return { headers: headers.map((h) => h.trim()), rows: rest };
}

/** Fields an import may write: stored, editable, not computed. */
export function importableFields(fields: FieldDefinition[]): FieldDefinition[] {
  const skip = new Set(['autoNumber', 'formula', 'rollup', 'subTable', 'attachment', 'image']);
  return fields.filter((f) => !f.retired && !skip.has(f.type) && !(f.type === 'relation' && f.relation?.kind !== 'manyToOne'));
}

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase();

/** Column → field by key, Chinese label or English label (ignoring case); unmatched columns map to null. */
export function autoMap(headers: string[], fields: FieldDefinition[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  for (const header of headers) {
    const h = norm(header);
    const field = fields.find((f) => !used.has(f.key) && (norm(f.key) === h || norm(f.label) === h || norm(f.labelEn) === h));
    mapping[header] = field?.key ?? null;
    if (field) used.add(field.key);
  }
  return mapping;
}

/** Does a field take a value mapping (its cells must be one of a known set)? */
export const needsValueMap = (f: FieldDefinition) => f.type === 'singleSelect' || (f.type === 'relation' && f.relation?.kind === 'manyToOne');

/** The distinct non-empty cells of a column, in first-seen order (at most `limit`). */
export function distinctValues(sheet: SheetData, column: string, limit = 200): string[] {
  const index = sheet.headers.indexOf(column);
  const seen = new Set<string>();
  if (index < 0) return [];
  for (const row of sheet.rows) {
    const v = (row[index] ?? '').trim();
    if (v !== '') seen.add(v);
    if (seen.size >= limit) break;
  }
  return [...seen];
}

/**
 * Initial value map of a select column: a cell equal to an option value needs nothing; a cell equal
 * to an option's label (either language, ignoring case) maps to that option; others stay unmapped
 * ('') for the user to choose.
 */
export function autoValueMap(field: FieldDefinition, values: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const v of values) {
    const options = field.options ?? [];
    if (options.some((o) => o.value === v)) continue;
    const byLabel = options.find((o) => norm(o.label) === norm(v) || norm(o.labelEn) === norm(v) || norm(o.value) === norm(v));
    map[v] = byLabel?.value ?? '';
  }
  return map;
}

/**
 * Fields that can find the record a row updates: the mapped unique fields, and the record id when a
 * column is mapped to it (the server refuses anything else).
 */
export function matchCandidates(fields: FieldDefinition[], mapping: ColumnMapping): string[] {
  const mapped = new Set(Object.values(mapping).filter((k): k is string => !!k));
  const keys = fields.filter((f) => f.unique && mapped.has(f.key) && f.type !== 'relation').map((f) => f.key);
  return mapped.has(RECORD_ID) ? [...keys, RECORD_ID] : keys;
}

/** The `options` part of the import request: mapping, the value maps actually chosen, the mode, and for update/upsert the action and match field. */
export function importOptions(mapping: ColumnMapping, values: ValueMaps, mode: ImportMode, action: ImportAction = 'create', matchOn?: string | null) {
  const chosen: ValueMaps = {};
  for (const [field, map] of Object.entries(values)) {
    const entries = Object.entries(map).filter(([from, to]) => to !== '' && to !== from);
    if (entries.length > 0 && Object.values(mapping).includes(field)) chosen[field] = Object.fromEntries(entries);
  }
  return action === 'create' ? { mapping, values: chosen, mode } : { mapping, values: chosen, mode, action, matchOn: matchOn ?? null };
}

export interface Rejection { row: number; errors: Record<string, string[]> }
export interface ReportLine { row: number; column: string; reason: string }

/** One line per refused cell: the file's row number, the column the field came from, the reason. */
export function reportLines(rejected: Rejection[], mapping: ColumnMapping): ReportLine[] {
  const columnOf = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) if (field) columnOf.set(field, column);
  const lines: ReportLine[] = [];
  for (const r of rejected) {
    for (const [key, reasons] of Object.entries(r.errors)) {
      const column = columnOf.get(key) ?? key;
      for (const reason of reasons) lines.push({ row: r.row, column, reason });
    }
  }
  return lines.sort((a, b) => a.row - b.row);
}

const csvCell = (s: string | number) => {
  const text = String(s);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report as CSV with localised headers (a BOM so spreadsheet programs read UTF-8). */
export function reportCsv(lines: ReportLine[], headers: [string, string, string]): string {
  const body = [headers, ...lines.map((l) => [l.row, l.column, l.reason])].map((r) => r.map(csvCell).join(',')).join('\r\n');
  return '\ufeff' + body + '\r\n';
}
