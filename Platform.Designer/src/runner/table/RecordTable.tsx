import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Badge, Button, Dropdown, Grid, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, FilterOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../shared/api';
import { fieldLabel, modelName, type FieldDefinition, type ModelDefinition } from '../../shared/models/ModelDefinition';
import type { RecordJson } from '../../shared/platformApi';
import { ConflictDialog } from '../form/ConflictDialog';
import { PoolButtons } from '../pool/PoolButtons';
import type { ViewDefinition } from '../menu/menuItems';
import { BulkEditDialog } from './BulkEditDialog';
import { cellText, inlineEditable, sortable, type CellContext } from './cellText';
import { ColumnChooser } from './ColumnChooser';
import { defaultColumns, loadColumns, saveColumns } from './columnPrefs';
import { EditableCell } from './EditableCell';
import { FilterBuilder } from './FilterBuilder';
import { addChild, allOf, emptyGroup, newId, resolver, toFilterJson, type FilterJson, type Group } from './filterModel';
import { GroupPanel } from './GroupPanel';
import { firstPage, firstRowNumber, hasNext, hasPrevious, nextPage, pageLoaded, pageRequest, pageSizes, previousPage, type PagingState, type Sort } from './paging';
import { RecordCards } from './RecordCards';
import { fetchRelationNames } from './relationNames';
import { useDirectoryNames } from '../directory';
import { saveBlob, tableApi } from './tableApi';

const problemText = (e: unknown) => {
  if (e instanceof ApiError) {
    const details = Object.entries(e.problem.errors ?? {}).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ');
    return [e.problem.title ?? `HTTP ${e.status}`, details].filter(Boolean).join(' — ');
  }
  return String(e);
};

/** The table of one model: one page of records in memory, filter, sort, group, inline and bulk edit, export. */
export function RecordTable({ app, model, models, readOnly, user, view, drill, onClearDrill, canClaim = false }: {
  app: string; model: ModelDefinition; models: ModelDefinition[]; readOnly: ReadonlySet<string>; user: string; view?: ViewDefinition;
  /** A dashboard's drill-down filter, applied with the view's and the user's own. */
  drill?: FilterJson; onClearDrill?: () => void;
  /** On a model with a shared pool: whether the user may claim (see poolAccess); owners may always release. */
  canClaim?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const lang = i18n.language;
  const fields = useMemo(() => model.fields.filter((f) => !f.retired), [model]);
  const prefsKey = view ? `${model.key}@${view.key}` : model.key;
  const [columns, setColumns] = useState(() => loadColumns(user, app, prefsKey, fields, view?.columns ?? defaultColumns(fields)));
  const [sort, setSort] = useState<Sort | undefined>(view?.sort?.[0]);
  const [tree, setTree] = useState<Group>(() => emptyGroup());
  const [applied, setApplied] = useState<Group>(tree);
  const [showFilter, setShowFilter] = useState(false);
  const [paging, setPaging] = useState<PagingState>(() => firstPage(50));
  const [items, setItems] = useState<RecordJson[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [groupField, setGroupField] = useState<string | undefined>();
  const [bulkOpen, setBulkOpen] = useState(false);
  const [conflict, setConflict] = useState<{ record: RecordJson; mine: Record<string, unknown>; current: RecordJson } | null>(null);
  const [relationNames, setRelationNames] = useState<Record<string, Record<string, string>>>({});
  const [reload, setReload] = useState(0);

  const resolve = useMemo(() => resolver(model, models), [model, models]);
  const userFilter = useMemo(() => toFilterJson(applied, resolve), [applied, resolve]);
  const filter = useMemo(() => allOf(view?.filter as Record<string, unknown> | undefined, drill, userFilter), [view, drill, userFilter]);
  const filterKey = JSON.stringify(filter ?? null);
  const shown = useMemo(() => columns.map((k) => fields.find((f) => f.key === k)).filter((f): f is FieldDefinition => !!f), [columns, fields]);
  const recordPath = (id: string) => `/apps/${app}/models/${model.key}/records/${id}`;
  const directory = useDirectoryNames(fields.some((f) => f.type === 'user'), fields.some((f) => f.type === 'department'));
  const ctx: CellContext = { lang, yes: t('table.yes'), no: t('table.no'), relationNames, ...directory };

  // A new filter or sort starts again at the first page with a fresh count.
  // Changed in the same update as the filter or sort, so no request ever pairs a new query with an old cursor.
  // The reload bump makes the request happen even when the query is the same (to get a fresh count).
  const restart = (size = paging.size) => { setPaging(firstPage(size)); setSelected([]); setReload((n) => n + 1); };
  const applyFilter = (g: Group) => { setTree(g); setApplied(g); restart(); };
  const changeSort = (s?: Sort) => { setSort(s); restart(); };

  // Exactly one request per page shown: the current page's cursor, never the pages before it.
  const cursor = paging.cursors[paging.index];
  useEffect(() => {
    const controller = new AbortController();
    const body = pageRequest(paging, { filter, sort: sort ? [sort] : undefined, fields: columns });
    setLoading(true);
    setError(null);
    tableApi.query(app, model.key, body, controller.signal)
      .then((result) => {
        setItems(result.items);
        setPaging((p) => pageLoaded(p, result));
      })
      .catch((e) => { if (!controller.signal.aborted) setError(problemText(e)); })
      .finally(() => { if (!controller.signal.aborted) setLoading(false); });
    return () => controller.abort();
  }, [app, model.key, filterKey, sort?.field, sort?.dir, columns.join(','), paging.index, paging.size, cursor, reload]); // eslint-disable-line react-hooks/exhaustive-deps

  // Display names of the related records on this page (one small query per relation column).
  useEffect(() => {
    let live = true;
    const relations = shown.filter((f) => f.type === 'relation' && f.relation?.kind !== 'oneToMany');
    void Promise.all(relations.map(async (f) => {
      const ids = items.flatMap((r) => (Array.isArray(r[f.key]) ? r[f.key] as unknown[] : [r[f.key]])).filter((x): x is string => typeof x === 'string');
      return [f.key, await fetchRelationNames(app, f, models, ids)] as const;
    })).then((pairs) => live && setRelationNames(Object.fromEntries(pairs)));
    return () => { live = false; };
  }, [items, shown, models, app]);

  const replace = (record: RecordJson) => setItems((list) => list.map((r) => (r.id === record.id ? { ...r, ...record } : r)));

  const saveCell = async (record: RecordJson, key: string, value: unknown, rowVersion = record.rowVersion): Promise<boolean> => {
    try {
      replace(await tableApi.patch(app, model.key, record.id, rowVersion, { [key]: value }));
      message.success(t('table.saved'));
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.problem.current) {
        setConflict({ record, mine: { [key]: value }, current: e.problem.current as RecordJson });
      } else if (e instanceof ApiError && e.status === 409) {
        message.error(t('table.conflict'));
      } else message.error(problemText(e));
      return false;
    }
  };

  const bulkUpdate = async (key: string, value: unknown) => {
    const rows = items.filter((r) => selected.includes(r.id));
    const failures: string[] = [];
    for (const r of rows) {
      try { replace(await tableApi.patch(app, model.key, r.id, r.rowVersion, { [key]: value })); }
      catch (e) { failures.push(e instanceof ApiError && e.status === 409 ? t('table.conflict') : problemText(e)); }
    }
    setBulkOpen(false);
    if (failures.length) modal.error({ title: t('table.bulk.partial', { done: rows.length - failures.length, failed: failures.length }), content: failures.join('\n') });
    else message.success(t('table.bulk.done', { count: rows.length }));
  };

  const bulkDelete = async () => {
    const rows = items.filter((r) => selected.includes(r.id));
    let failed = 0;
    for (const r of rows) {
      try { await tableApi.remove(app, model.key, r.id, r.rowVersion); } catch { failed++; }
    }
    if (failed) message.error(t('table.bulk.deleteFailed', { count: failed }));
    else message.success(t('table.bulk.deleted', { count: rows.length }));
    setSelected([]);
    setPaging((p) => ({ ...p, total: undefined }));
    setReload((n) => n + 1);
  };

  const exportAs = async (format: 'csv' | 'xlsx') => {
    try {
      const { blob, fileName } = await tableApi.export(app, model.key, { ...(filter ? { filter } : {}), ...(sort ? { sort: [sort] } : {}), fields: columns, format });
      saveBlob(blob, fileName ?? `${model.key}.${format}`);
    } catch (e) {
      message.error(problemText(e));
    }
  };

  const pickGroup = (field: FieldDefinition, value: unknown) => {
    const cond = value === null || value === undefined
      ? { kind: 'condition' as const, id: newId(), field: field.key, op: 'isEmpty' as const }
      : { kind: 'condition' as const, id: newId(), field: field.key, op: 'eq' as const, value };
    applyFilter(addChild(applied, applied.id, cond));
  };

  const conditionCount = JSON.stringify(userFilter ?? {}).split('"op"').length - 1;
  const editableFields = fields.filter((f) => inlineEditable(f, readOnly));
  const from = firstRowNumber(paging);
  const to = from + items.length - 1;

  return (
    <div data-testid="record-table" data-model={model.key}>
      <Space wrap size={6} style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{view ? (lang === 'en' ? view.nameEn || view.name : view.name || view.nameEn) || view.key : modelName(model, lang)}</Typography.Title>
        <Link to={`/apps/${app}/models/${model.key}/records/new`}><Button size="small" type="primary" icon={<PlusOutlined />}>{t('table.new')}</Button></Link>
        <Badge count={conditionCount} size="small">
          <Button size="small" icon={<FilterOutlined />} onClick={() => setShowFilter(!showFilter)} data-testid="filter-button">{t('table.filter.title')}</Button>
        </Badge>
        <ColumnChooser fields={fields} value={columns} onChange={(c) => { setColumns(c); saveColumns(user, app, prefsKey, c); }} />
        <Dropdown trigger={['click']} menu={{ items: [{ key: 'csv', label: 'CSV' }, { key: 'xlsx', label: 'Excel (XLSX)' }], onClick: ({ key }) => void exportAs(key as 'csv' | 'xlsx') }}>
          <Button size="small" icon={<DownloadOutlined />} data-testid="export-button">{t('table.export')}</Button>
        </Dropdown>
        {phone && (
          <Select size="small" allowClear style={{ width: 150 }} placeholder={t('table.sort')} data-testid="sort-select"
            value={sort ? `${sort.field}:${sort.dir}` : undefined}
            options={fields.filter(sortable).flatMap((f) => (['asc', 'desc'] as const).map((dir) => ({ value: `${f.key}:${dir}`, label: `${fieldLabel(f, lang)} ${dir === 'asc' ? '↑' : '↓'}` })))}
            onChange={(v?: string) => changeSort(v ? { field: v.slice(0, v.lastIndexOf(':')), dir: v.endsWith(':desc') ? 'desc' : 'asc' } : undefined)} />
        )}
        <Link to={`/apps/${app}/run/models/${model.key}/import`}><Button size="small" icon={<UploadOutlined />}>{t('table.import')}</Button></Link>
        {selected.length > 0 && (
          <>
            <Button size="small" icon={<EditOutlined />} disabled={editableFields.length === 0} onClick={() => setBulkOpen(true)} data-testid="bulk-edit-button">
              {t('table.bulk.edit', { count: selected.length })}
            </Button>
            <Popconfirm title={t('table.bulk.confirmDelete', { count: selected.length })} onConfirm={() => void bulkDelete()} okText={t('table.bulk.delete')} cancelText={t('table.cancel')}>
              <Button size="small" danger icon={<DeleteOutlined />} data-testid="bulk-delete-button">{t('table.bulk.delete')}</Button>
            </Popconfirm>
          </>
        )}
      </Space>

      {showFilter && (
        <div style={{ background: '#fafafa', padding: 8, marginBottom: 8, borderRadius: 6 }}>
          <FilterBuilder app={app} model={model} models={models} value={tree} onChange={setTree} />
          <Space>
            <Button size="small" type="primary" onClick={() => applyFilter(tree)} data-testid="filter-apply">{t('table.filter.apply')}</Button>
            <Button size="small" onClick={() => applyFilter(emptyGroup())}>{t('table.filter.clear')}</Button>
          </Space>
        </div>
      )}

      {drill && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} data-testid="drill-filter" message={t('table.drill.active')}
          action={onClearDrill && <Button size="small" onClick={onClearDrill}>{t('table.drill.clear')}</Button>} />
      )}
      <GroupPanel app={app} model={model.key} fields={fields} filter={filter} field={groupField} onField={setGroupField} onPick={pickGroup} ctx={ctx} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="table-error" />}

      {phone ? (
        <RecordCards records={items} columns={shown} selected={selected} onSelect={setSelected} recordPath={recordPath} ctx={ctx} />
      ) : (
        <Table<RecordJson> size="small" rowKey="id" loading={loading} dataSource={items} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('table.noRows') }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), columnWidth: 36 }}
          onChange={(_p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            changeSort(s?.order && s.field ? { field: String(s.field), dir: s.order === 'descend' ? 'desc' : 'asc' } : undefined);
          }}
          columns={[
            { key: '__open', width: 48, fixed: 'left' as const, render: (_: unknown, r: RecordJson) => <Link to={recordPath(r.id)} data-testid="open-record">{t('table.open')}</Link> },
            ...(model.pool ? [{
              key: '__pool', title: t('pool.column'),
              render: (_: unknown, r: RecordJson) => <PoolButtons app={app} model={model.key} record={r} userId={user} canClaim={canClaim} onChange={(n) => replace(n as RecordJson)} />,
            }] : []),
            ...shown.map((f) => ({
              key: f.key,
              dataIndex: f.key,
              title: fieldLabel(f, lang),
              sorter: sortable(f),
              sortOrder: sort?.field === f.key ? (sort.dir === 'desc' ? 'descend' as const : 'ascend' as const) : null,
              onHeaderCell: () => ({ 'data-column': f.key }) as React.HTMLAttributes<HTMLElement>,
              render: (v: unknown, r: RecordJson) => (
                <EditableCell key={`${r.id}:${r.rowVersion}`} field={f} value={v} text={cellText(f, v, ctx)} editable={inlineEditable(f, readOnly)} onSave={(nv) => saveCell(r, f.key, nv)} />
              ),
            })),
          ]} />
      )}

      <Space wrap style={{ marginTop: 8, justifyContent: 'flex-end', width: '100%' }} data-testid="pager">
        <span data-testid="page-range">
          {items.length > 0 ? t('table.range', { from: from.toLocaleString(), to: to.toLocaleString(), total: paging.total?.toLocaleString() ?? '…' }) : t('table.totalOnly', { total: paging.total?.toLocaleString() ?? '…' })}
        </span>
        <Button size="small" disabled={!hasPrevious(paging) || loading} onClick={() => { setSelected([]); setPaging(previousPage); }} data-testid="page-previous">{t('table.previous')}</Button>
        <Button size="small" disabled={!hasNext(paging) || loading} onClick={() => { setSelected([]); setPaging(nextPage); }} data-testid="page-next">{t('table.next')}</Button>
        <Select size="small" value={paging.size} style={{ width: 110 }} data-testid="page-size"
          options={pageSizes.map((n) => ({ value: n, label: t('table.perPage', { count: n }) }))}
          onChange={(n) => restart(n)} />
      </Space>

      <BulkEditDialog open={bulkOpen} count={selected.length} fields={editableFields} onCancel={() => setBulkOpen(false)} onApply={bulkUpdate} />
      {conflict && (
        <ConflictDialog open fields={model.fields} mine={conflict.mine} theirs={conflict.current} lang={lang}
          onCancel={() => { replace(conflict.current); setConflict(null); }}
          onMerge={(merged) => { const c = conflict; setConflict(null); void saveCell(c.current, Object.keys(merged)[0], Object.values(merged)[0], c.current.rowVersion); }} />
      )}
    </div>
  );
}
