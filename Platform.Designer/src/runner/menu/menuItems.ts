// The runner menu of an app: the package's `menus` section when it has one, else its models, forms,
// views and dashboards. Entries naming a model the caller may not read are left out; dashboards the
// server listed but the menus do not name get a group of their own, so each is reachable.
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import type { DashboardDefinition } from '../dashboard/DashboardDefinition';
import { modelName } from '../../shared/models/ModelDefinition';

/** A view: a saved table of a model (docs/runner.md). */
export interface ViewDefinition {
  key: string;
  name?: string;
  nameEn?: string;
  model: string;
  filter?: unknown;
  sort?: Array<{ field: string; dir: 'asc' | 'desc' }>;
  columns?: string[];
}

export interface MenuDefinition {
  key?: string;
  label?: string;
  labelEn?: string;
  model?: string;
  form?: string;
  view?: string;
  dashboard?: string;
  children?: MenuDefinition[];
}

interface Named { key: string; name?: string; nameEn?: string; model?: string }

export interface MenuSource {
  models: ModelDefinition[];
  forms: Named[];
  views: ViewDefinition[];
  /** The dashboards the server lets the caller open (roles and readable widget models checked there). */
  dashboards?: DashboardDefinition[];
  menus?: MenuDefinition[];
}

export interface MenuEntry { key: string; label: string; path?: string; kind: 'model' | 'form' | 'view' | 'dashboard' | 'group'; children?: MenuEntry[] }

export interface GroupLabels { models: string; forms: string; views: string; dashboards?: string }

const pick = (o: { name?: string; nameEn?: string; key: string }, lang: string) =>
  (lang === 'en' ? o.nameEn || o.name : o.name || o.nameEn) || o.key;

export function modelPath(app: string, model: string) { return `/apps/${app}/run/models/${model}`; }
export function formPath(app: string, form: string) { return `/apps/${app}/run/forms/${form}`; }
export function viewPath(app: string, view: string) { return `/apps/${app}/run/views/${view}`; }
export function dashboardPath(app: string, dashboard: string) { return `/apps/${app}/run/dashboards/${dashboard}`; }

export function buildMenu(app: string, src: MenuSource, lang: string, groupLabels: GroupLabels): MenuEntry[] {
  const readable = new Map(src.models.map((m) => [m.key, m]));
  const formModelReadable = (f: Named) => !f.model || readable.has(f.model);
  const dashboards = src.dashboards ?? [];
  const dashboardEntry = (d: DashboardDefinition, label = pick(d, lang)): MenuEntry => ({ key: `dashboard:${d.key}`, label, path: dashboardPath(app, d.key), kind: 'dashboard' });
  const dashboardGroup = (list: DashboardDefinition[]): MenuEntry[] =>
    (list.length ? [{ key: 'dashboards', label: groupLabels.dashboards ?? '', kind: 'group', children: list.map((d) => dashboardEntry(d)) }] : []);

  if (src.menus && src.menus.length > 0) {
    let n = 0;
    const walk = (items: MenuDefinition[]): MenuEntry[] => items.flatMap((item): MenuEntry[] => {
      const own = (fallback: string) => (lang === 'en' ? item.labelEn || item.label : item.label || item.labelEn) || fallback;
      if (item.children) {
        const children = walk(item.children);
        return children.length ? [{ key: item.key ?? `group-${n++}`, label: own(item.key ?? ''), kind: 'group', children }] : [];
      }
      if (item.model) {
        const m = readable.get(item.model);
        return m ? [{ key: `model:${m.key}`, label: own(modelName(m, lang)), path: modelPath(app, m.key), kind: 'model' }] : [];
      }
      if (item.form) {
        const f = src.forms.find((x) => x.key === item.form);
        return f && formModelReadable(f) ? [{ key: `form:${f.key}`, label: own(pick(f, lang)), path: formPath(app, f.key), kind: 'form' }] : [];
      }
      if (item.view) {
        const v = src.views.find((x) => x.key === item.view);
        return v && readable.has(v.model) ? [{ key: `view:${v.key}`, label: own(pick(v, lang)), path: viewPath(app, v.key), kind: 'view' }] : [];
      }
      if (item.dashboard) {
        const d = dashboards.find((x) => x.key === item.dashboard);
        return d ? [dashboardEntry(d, own(pick(d, lang)))] : [];
      }
      return [];
    });
    const named = new Set<string>();
    const collect = (items: MenuDefinition[]) => items.forEach((i) => { if (i.dashboard) named.add(i.dashboard); if (i.children) collect(i.children); });
    collect(src.menus);
    return [...walk(src.menus), ...dashboardGroup(dashboards.filter((d) => !named.has(d.key)))];
  }

  const groups: MenuEntry[] = [];
  const models = src.models.map((m): MenuEntry => ({ key: `model:${m.key}`, label: modelName(m, lang), path: modelPath(app, m.key), kind: 'model' }));
  if (models.length) groups.push({ key: 'models', label: groupLabels.models, kind: 'group', children: models });
  const forms = src.forms.filter(formModelReadable).map((f): MenuEntry => ({ key: `form:${f.key}`, label: pick(f, lang), path: formPath(app, f.key), kind: 'form' }));
  if (forms.length) groups.push({ key: 'forms', label: groupLabels.forms, kind: 'group', children: forms });
  const views = src.views.filter((v) => readable.has(v.model)).map((v): MenuEntry => ({ key: `view:${v.key}`, label: pick(v, lang), path: viewPath(app, v.key), kind: 'view' }));
  if (views.length) groups.push({ key: 'views', label: groupLabels.views, kind: 'group', children: views });
  return [...groups, ...dashboardGroup(dashboards)];
}
