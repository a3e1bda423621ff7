// The runner's table against the real API in Chromium: a model created through the API, a CSV with
// bad rows imported through the wizard (row report shown and downloaded), filter through a
// relation path, sort, group counts, inline edit, bulk edit, export; keyset paging (the request
// carries the cursor, one page at a time); the menu drawer and cards at phone width in English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { admin, artifacts, desktop, launchBrowser, phone, startPlatform } from './platform.mjs';

let platform;
let browser;

const salesPackage = {
  key: 'orders-app',
  name: '订单管理',
  models: [
    {
      key: 'customer', name: '客户', nameEn: 'Customer', displayField: 'name',
      fields: [
        { key: 'name', type: 'text', label: '名称', labelEn: 'Name', required: true },
        { key: 'sector', type: 'singleSelect', label: '行业', labelEn: 'Sector', options: [{ value: 'energy', label: '新能源', labelEn: 'Energy' }, { value: 'mfg', label: '制造', labelEn: 'Manufacturing' }] },
      ],
    },
    {
      key: 'order', name: '订单', nameEn: 'Order', displayField: 'title',
      fields: [
        { key: 'title', type: 'text', label: '标题', labelEn: 'Title', required: true },
        { key: 'amount', type: 'number', label: '金额', labelEn: 'Amount' },
        { key: 'status', type: 'singleSelect', label: '状态', labelEn: 'Status', options: [{ value: 'open', label: '进行中', labelEn: 'Open' }, { value: 'won', label: '赢单', labelEn: 'Won' }, { value: 'lost', label: '丢单', labelEn: 'Lost' }] },
        { key: 'customer', type: 'relation', label: '客户', labelEn: 'Customer', relation: { kind: 'manyToOne', model: 'customer' } },
        { key: 'due', type: 'date', label: '截止日期', labelEn: 'Due' },
      ],
    },
    {
      key: 'item', name: '物品', nameEn: 'Item', displayField: 'code',
      fields: [{ key: 'code', type: 'text', label: '编号', labelEn: 'Code' }, { key: 'qty', type: 'number', label: '数量', labelEn: 'Quantity' }],
    },
  ],
  menus: [{ label: '销售', labelEn: 'Sales', children: [{ model: 'order' }, { model: 'customer' }, { model: 'item' }] }],
};

// 标题,金额,状态,客户,截止日期 — rows 4, 6 and 7 of the file are bad (amount, title, customer).
const csv = [
  '标题,金额,状态,客户,截止日期',
  'A1,100,进行中,甲公司,2026-01-05',
  'A2,250,赢单,乙公司,2026-02-01',
  'A3,abc,进行中,甲公司,2026-01-10',
  'A4,400,won,甲公司,2026-03-01',
  ',50,进行中,乙公司,2026-01-01',
  'A6,600,丢单,丙公司,2026-01-02',
  'A7,700,lost,乙公司,2026-04-01',
].join('\n') + '\n';

before(async () => {
  platform = await startPlatform({ templates: '' });
  browser = await launchBrowser();
  const page = await signedInPage(desktop, 'zh-CN');
  assert.equal(await call(page, 'POST', '/api/apps/import', salesPackage).then((r) => r.status), 201);
  await call(page, 'POST', '/api/apps/orders-app/models/customer/records/bulk', { records: [{ name: '甲公司', sector: 'energy' }, { name: '乙公司', sector: 'mfg' }] });
  const items = Array.from({ length: 45 }, (_, i) => ({ code: `I${String(i + 1).padStart(2, '0')}`, qty: i + 1 }));
  assert.equal((await call(page, 'POST', '/api/apps/orders-app/models/item/records/bulk', { records: items })).status, 201);
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function signedInPage(viewport, lang) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.addInitScript((l) => localStorage.setItem('lowcode.lang', l), lang);
  const page = await context.newPage();
  await page.goto(platform.url);
  const en = lang === 'en';
  await page.getByPlaceholder(en ? 'User name' : '用户名').fill(admin.userName);
  await page.getByPlaceholder(en ? 'Password' : '密码').fill(admin.password);
  await page.getByRole('button', { name: en ? 'Sign in' : '登录' }).click();
  await page.getByTestId('app-list').waitFor();
  return page;
}

/** A JSON call from inside the signed-in page (cookie and antiforgery token). */
function call(page, method, url, body, headers = {}) {
  return page.evaluate(async ({ method, url, body, headers }) => {
    const token = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN=')).slice('XSRF-TOKEN='.length));
    const r = await fetch(url, { method, headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': token, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  }, { method, url, body, headers });
}

/** Bodies of the records queries the page sends for a model, newest last. */
function watchQueries(page, model) {
  const bodies = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().endsWith(`/models/${model}/records/query`)) bodies.push(JSON.parse(req.postData()));
  });
  return bodies;
}

const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
const dropdown = (page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
async function choose(page, select, option) {
  await select.click();
  await dropdown(page).getByText(option, { exact: true }).last().click();
}
const titles = (page) => page.locator('.ant-table-tbody td [data-cell="title"]').allInnerTexts();

test('an operator imports a CSV with bad rows, then filters, sorts, groups, edits inline and in bulk, and exports (desktop, zh-CN)', async () => {
  const page = await signedInPage(desktop, 'zh-CN');
  const queries = watchQueries(page, 'order');

  // From the app list into the runner; the package's menu lists the models.
  await page.locator('[data-app-key="orders-app"]').getByTestId('run-app').click();
  const menu = page.getByTestId('runner-menu');
  await menu.getByText('订单', { exact: true }).click();
  await page.waitForURL(/#\/apps\/orders-app\/run\/models\/order$/);
  await page.getByTestId('page-range').getByText('共 0 条').waitFor();

  // Import wizard: columns matched by label, select values by label, skip bad rows, row report.
  await page.getByRole('button', { name: '导入' }).click();
  const file = path.join(tmpdir(), `orders-${Date.now()}.csv`);
  writeFileSync(file, csv);
  await page.getByTestId('import-file').setInputFiles(file);
  const mapping = page.getByTestId('import-mapping');
  await mapping.waitFor();
  for (const [column, field] of [['标题', '标题'], ['金额', '金额'], ['状态', '状态'], ['客户', '客户'], ['截止日期', '截止日期']])
    assert.equal(await mapping.locator(`[data-column="${column}"] .ant-select-content, [data-column="${column}"] .ant-select-selection-item`).first().innerText(), field);
  await page.getByTestId('import-next').click();
  const statusMap = page.locator('[data-testid="value-map"][data-field="status"]');
  await statusMap.waitFor();
  assert.match(await statusMap.innerText(), /进行中/);
  await page.getByTestId('import-next').click();
  await page.getByText('跳过有错误的行，导入其余的行').click();
  await shot(page, 'runner-import-mode-desktop');
  await page.getByTestId('import-run').click();
  await page.getByTestId('import-summary').getByText('导入 4 条，拒绝 3 行').waitFor();
  const report = page.getByTestId('import-report');
  const reportRows = await report.locator('.ant-table-tbody tr').allInnerTexts();
  assert.deepEqual(reportRows.map((r) => r.split('\t').slice(0, 2).join('|')), ['4|金额', '6|标题', '7|客户']);
  await shot(page, 'runner-import-report-desktop');
  const [reportDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report-download').click()]);
  const reportCsv = readFileSync(await reportDownload.path(), 'utf8');
  assert.match(reportCsv, /^\ufeff行号,列,原因\r\n4,金额,/);
  await page.getByTestId('import-to-table').click();
  await page.getByTestId('page-range').getByText('第 1–4 条，共 4 条').waitFor();
  assert.deepEqual((await titles(page)).sort(), ['A1', 'A2', 'A4', 'A7']);
  // Relation cells show the related record's name.
  await page.locator('.ant-table-tbody [data-cell="customer"]', { hasText: '乙公司' }).first().waitFor();

  // Sort by amount, descending on the second click; the request carries the sort.
  await page.locator('th[data-column="amount"]').click();
  await page.waitForFunction(() => document.querySelector('.ant-table-tbody [data-cell="title"]')?.textContent === 'A1');
  await page.locator('th[data-column="amount"]').click();
  await page.waitForFunction(() => document.querySelector('.ant-table-tbody [data-cell="title"]')?.textContent === 'A7');
  assert.deepEqual(queries.at(-1).sort, [{ field: 'amount', dir: 'desc' }]);
  assert.deepEqual(await titles(page), ['A7', 'A4', 'A2', 'A1']);

  // Group by status: counts from the aggregate API.
  await choose(page, page.getByTestId('group-panel').locator('.ant-select'), '状态');
  await page.getByTestId('group-row').filter({ hasText: '赢单' }).getByText('2', { exact: true }).waitFor();
  assert.deepEqual((await page.getByTestId('group-row').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()), ['丢单 1', '进行中 1', '赢单 2']);

  // Filter through the relation: customer.sector = 制造.
  await page.getByTestId('filter-button').click();
  await page.getByTestId('filter-add').click();
  const condition = page.getByTestId('filter-condition').first();
  await choose(page, condition.getByTestId('filter-field'), '客户 / 行业');
  await choose(page, condition.getByTestId('filter-value'), '制造');
  await page.getByTestId('filter-apply').click();
  await page.getByTestId('page-range').getByText('第 1–2 条，共 2 条').waitFor();
  assert.deepEqual(queries.at(-1).filter, { and: [{ field: 'customer.sector', op: 'eq', value: 'mfg' }] });
  assert.deepEqual(queries.at(-1).page, { size: 50 });
  assert.deepEqual(await titles(page), ['A7', 'A2']);
  await shot(page, 'runner-table-filtered-desktop');
  await page.getByRole('button', { name: '清除' }).click();
  await page.getByTestId('page-range').getByText('共 4 条').waitFor();

  // Inline edit of a cell: PATCH with If-Match, the cell shows the saved value.
  await page.locator('.ant-table-tbody [data-cell="title"]', { hasText: 'A1' }).click();
  const editor = page.locator('[data-editing="true"] input');
  await editor.fill('A1 已改');
  await editor.press('Enter');
  await page.locator('.ant-table-tbody [data-cell="title"]', { hasText: 'A1 已改' }).waitFor();
  const edited = await call(page, 'POST', '/api/apps/orders-app/models/order/records/query', { filter: { field: 'title', op: 'eq', value: 'A1 已改' } });
  assert.equal(edited.body.items.length, 1);

  // A stale inline edit: someone changed A2 after the page loaded; the merge prompt saves over their version.
  const records = '/api/apps/orders-app/models/order/records';
  const a2 = (await call(page, 'POST', `${records}/query`, { filter: { field: 'title', op: 'eq', value: 'A2' } })).body.items[0];
  assert.equal((await call(page, 'PATCH', `${records}/${a2.id}`, { amount: 260 }, { 'If-Match': String(a2.rowVersion) })).status, 200);
  await page.locator('.ant-table-tbody [data-cell="title"]', { hasText: 'A2' }).click();
  await editor.fill('A2 新');
  await editor.press('Enter');
  await page.getByRole('dialog').getByText('记录已被他人修改').waitFor();
  await shot(page, 'runner-table-conflict-desktop');
  await page.getByRole('button', { name: '合并后保存' }).click();
  await page.locator('.ant-table-tbody [data-cell="title"]', { hasText: 'A2 新' }).waitFor();
  const merged = await call(page, 'GET', `${records}/${a2.id}`);
  assert.deepEqual([merged.body.title, merged.body.amount], ['A2 新', 260]);

  // Bulk edit two rows: status of A7 and A4 set to 进行中.
  const rowOf = (title) => page.locator('.ant-table-tbody tr', { has: page.locator(`[data-cell="title"]:text-is("${title}")`) });
  await rowOf('A7').locator('.ant-checkbox-input').check();
  await rowOf('A4').locator('.ant-checkbox-input').check();
  await page.getByTestId('bulk-edit-button').click();
  const bulk = page.getByTestId('bulk-edit');
  await choose(page, bulk.locator('.ant-select').first(), '状态');
  await choose(page, bulk.getByTestId('value-editor'), '进行中');
  await shot(page, 'runner-table-bulk-edit-desktop');
  await page.getByTestId('bulk-apply').click();
  await page.getByText('已修改 2 条记录').waitFor();
  const open = await call(page, 'POST', '/api/apps/orders-app/models/order/records/query', { filter: { field: 'status', op: 'eq', value: 'open' }, sort: [{ field: 'title', dir: 'asc' }] });
  assert.deepEqual(open.body.items.map((r) => r.title), ['A1 已改', 'A4', 'A7']);
  assert.equal(await rowOf('A7').locator('[data-cell="status"]').innerText(), '进行中');

  // Export of the current query (sorted by amount, descending).
  await page.getByTestId('export-button').click();
  const [exported] = await Promise.all([page.waitForEvent('download'), page.getByText('CSV', { exact: true }).click()]);
  const lines = readFileSync(await exported.path(), 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 5);
  assert.match(lines[1], /A7/);
  assert.match(lines[4], /A1 已改/);
  await shot(page, 'runner-table-desktop');
  await page.context().close();
});

test('at phone width in English the menu is a drawer, records are cards, and paging sends the keyset cursor', async () => {
  const page = await signedInPage(phone, 'en');
  const queries = watchQueries(page, 'item');
  await page.goto(`${platform.url}/#/apps/orders-app/run`);
  await page.getByTestId('runner-menu-button').click();
  await page.getByTestId('runner-menu').getByText('Item', { exact: true }).click();
  await page.getByTestId('record-cards').waitFor();
  await page.getByTestId('page-range').getByText('Rows 1–45 of 45').waitFor();

  await choose(page, page.getByTestId('sort-select'), 'Quantity ↓');
  await page.waitForFunction(() => document.querySelector('[data-record-id] .ant-card-head-title')?.textContent === 'I45');
  await choose(page, page.getByTestId('pager').locator('.ant-select'), '20 per page');
  await page.getByTestId('page-range').getByText('Rows 1–20 of 45').waitFor();
  const cardTitles = () => page.locator('[data-record-id] .ant-card-head-title').allInnerTexts();
  const page1 = await cardTitles();
  assert.equal(page1.length, 20);
  const first = queries.at(-1);
  assert.deepEqual(first.page, { size: 20 });
  assert.deepEqual(first.sort, [{ field: 'qty', dir: 'desc' }]);
  assert.equal(page1[0], 'I45');
  assert.equal(first.total, true);

  await page.getByTestId('page-next').click();
  await page.getByTestId('page-range').getByText('Rows 21–40 of 45').waitFor();
  const second = queries.at(-1);
  assert.equal(second.page.size, 20);
  assert.equal(typeof second.page.after, 'string');
  assert.ok(second.page.after.length > 10);
  assert.equal(second.total, undefined, 'the count is asked for once per query');
  const page2 = await cardTitles();
  assert.equal(page2.length, 20);
  assert.deepEqual(page2, Array.from({ length: 20 }, (_, i) => `I${25 - i}`.replace(/^I(\d)$/, 'I0$1')));
  assert.deepEqual(second.sort, [{ field: 'qty', dir: 'desc' }]);

  await page.getByTestId('page-next').click();
  await page.getByTestId('page-range').getByText('Rows 41–45 of 45').waitFor();
  assert.equal(await page.getByTestId('page-next').isDisabled(), true);
  await page.getByTestId('page-previous').click();
  await page.getByTestId('page-range').getByText('Rows 21–40 of 45').waitFor();
  assert.equal(queries.at(-1).page.after, second.page.after, 'going back reuses the kept cursor');
  assert.ok(queries.every((q) => q.page.size === 20 || q.page.size === 50));
  await shot(page, 'runner-table-phone-en');

  await page.getByTestId('runner-menu-button').click();
  await page.getByTestId('runner-menu').getByText('Order', { exact: true }).waitFor();
  await shot(page, 'runner-menu-phone-en');
  await page.context().close();
});
