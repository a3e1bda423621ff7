import { describe, expect, it } from 'vitest';
import { buildMenu, type MenuSource } from './menuItems';

const src: MenuSource = {
  models: [{ key: 'customer', name: '客户', nameEn: 'Customer', fields: [] }, { key: 'deal', name: '商机', fields: [] }],
  forms: [{ key: 'customer-form', name: '客户表单', nameEn: 'Customer form', model: 'customer' }, { key: 'secret-form', name: '机密', model: 'salary' }],
  views: [{ key: 'big-deals', name: '大单', model: 'deal' }, { key: 'salaries', name: '工资', model: 'salary' }],
};
const labels = { models: 'M', forms: 'F', views: 'V' };

describe('runner menu', () => {
  it('lists readable models, forms and views when the package has no menus', () => {
    const menu = buildMenu('crm', src, 'en', labels);
    expect(menu.map((g) => g.label)).toEqual(['M', 'F', 'V']);
    expect(menu[0].children!.map((e) => [e.label, e.path])).toEqual([['Customer', '/apps/crm/run/models/customer'], ['商机', '/apps/crm/run/models/deal']]);
    expect(menu[1].children!.map((e) => e.path)).toEqual(['/apps/crm/run/forms/customer-form']);
    expect(menu[2].children!.map((e) => e.path)).toEqual(['/apps/crm/run/views/big-deals']);
  });

  it('follows the menus section, with its own labels, and drops what the caller cannot read', () => {
    const menu = buildMenu('crm', { ...src, menus: [
      { label: '销售', labelEn: 'Sales', children: [{ model: 'deal', label: '我的商机', labelEn: 'My deals' }, { view: 'big-deals' }, { model: 'salary' }] },
      { form: 'customer-form' },
      { label: '人事', children: [{ view: 'salaries' }] },
    ] }, 'en', labels);
    expect(menu).toEqual([
      { key: 'group-0', label: 'Sales', kind: 'group', children: [
        { key: 'model:deal', label: 'My deals', path: '/apps/crm/run/models/deal', kind: 'model' },
        { key: 'view:big-deals', label: '大单', path: '/apps/crm/run/views/big-deals', kind: 'view' },
      ] },
      { key: 'form:customer-form', label: 'Customer form', path: '/apps/crm/run/forms/customer-form', kind: 'form' },
    ]);
  });

  it('lists the dashboards the server sent in their own group, and a menus entry by its own label', () => {
    const dashboards = [{ key: 'sales-figures', name: '销售业绩', nameEn: 'Sales figures', widgets: [] }, { key: 'funnel', name: '漏斗', widgets: [] }];
    const flat = buildMenu('crm', { ...src, dashboards }, 'en', { ...labels, dashboards: 'D' });
    expect(flat.map((g) => g.label)).toEqual(['M', 'F', 'V', 'D']);
    expect(flat[3].children!.map((e) => [e.label, e.path, e.kind])).toEqual([
      ['Sales figures', '/apps/crm/run/dashboards/sales-figures', 'dashboard'], ['漏斗', '/apps/crm/run/dashboards/funnel', 'dashboard'],
    ]);
    const menu = buildMenu('crm', { ...src, dashboards, menus: [
      { label: '报表', children: [{ dashboard: 'funnel', label: '销售漏斗' }, { dashboard: 'kpi' }] },
      { model: 'deal' },
    ] }, 'zh-CN', { ...labels, dashboards: '仪表盘' });
    expect(menu).toEqual([
      { key: 'group-0', label: '报表', kind: 'group', children: [{ key: 'dashboard:funnel', label: '销售漏斗', path: '/apps/crm/run/dashboards/funnel', kind: 'dashboard' }] },
      { key: 'model:deal', label: '商机', path: '/apps/crm/run/models/deal', kind: 'model' },
      // Not named by the menus (and kpi, which the server did not list, is left out): still reachable.
      { key: 'dashboards', label: '仪表盘', kind: 'group', children: [{ key: 'dashboard:sales-figures', label: '销售业绩', path: '/apps/crm/run/dashboards/sales-figures', kind: 'dashboard' }] },
    ]);
  });
});
