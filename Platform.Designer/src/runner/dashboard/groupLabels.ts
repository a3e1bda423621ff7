// Group values of a widget as people read them: option labels, related records' and users' display
// names, through the table's cellText, so a chart says what the table says.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDefinition, ModelDefinition } from '../../shared/models/ModelDefinition';
import { cellText, type CellContext } from '../table/cellText';
import { fetchRelationNames } from '../table/relationNames';
import { groupName, groupOf, type AggregateRow, type WidgetDefinition } from './DashboardDefinition';
import { useDirectoryNames } from '../directory';
import type { GroupLabel } from './widgetData';

const systemTypes: Record<string, FieldDefinition['type']> = {
  owner: 'user', createdBy: 'user', updatedBy: 'user', department: 'department', createdAt: 'datetime', updatedAt: 'datetime',
};

/** The field a group-by names, system columns (owner, createdBy…) included. */
export function groupFieldOf(model: ModelDefinition, field: string): FieldDefinition | undefined {
  return model.fields.find((f) => f.key === field) ?? (systemTypes[field] ? { key: field, type: systemTypes[field] } : undefined);
}

/** A GroupLabel over a cell context: bucketed dates as written ("2026-03"), empty groups as `empty`. */
export function groupLabeler(widget: WidgetDefinition, model: ModelDefinition, ctx: CellContext, empty: string): GroupLabel {
  const groups = (widget.query.groupBy ?? []).map(groupOf);
  return (i, value) => {
    if (value === null || value === undefined || value === '') return empty;
    const g = groups[i];
    const field = g && !g.bucket ? groupFieldOf(model, g.field) : undefined;
    return field ? cellText(field, value, ctx) || String(value) : String(value);
  };
}

/** The labeler of a widget's rows, with the names of the related records and users in them looked up. */
export function useGroupLabels(app: string, widget: WidgetDefinition, model: ModelDefinition | undefined, models: ModelDefinition[], rows: AggregateRow[] | undefined): GroupLabel {
  const { t, i18n } = useTranslation();
  const groups = (widget.query.groupBy ?? []).map(groupOf);
  const fields = model ? groups.map((g) => (g.bucket ? undefined : groupFieldOf(model, g.field))) : [];
  const { userNames, departmentNames } = useDirectoryNames(fields.some((f) => f?.type === 'user'), fields.some((f) => f?.type === 'department'));
  const [names, setNames] = useState<Record<string, Record<string, string>>>({});
  useEffect(() => {
    let live = true;
    void Promise.all(fields.map(async (f, i) => {
      if (f?.type !== 'relation' || !rows) return [f?.key ?? '', {}] as const;
      const ids = rows.map((r) => r[groupName(widget.query.groupBy![i])]).filter((x): x is string => typeof x === 'string');
      return [f.key, await fetchRelationNames(app, f, models, ids)] as const;
    })).then((pairs) => live && setNames(Object.fromEntries(pairs)));
    return () => { live = false; };
  }, [app, rows, models]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!model) return (_i, v) => (v === null || v === undefined ? t('table.emptyValue') : String(v));
  return groupLabeler(widget, model, { lang: i18n.language, yes: t('table.yes'), no: t('table.no'), relationNames: names, userNames, departmentNames }, t('table.emptyValue'));
}
