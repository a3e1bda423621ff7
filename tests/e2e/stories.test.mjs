// End-to-end stories in Chromium against the real platform:
// (a) an operator builds a leave-request app in the browser (model designer, form designer with a
//     linkage rule) and an end user with a create role fills and submits it on the record page;
// (b) another user opens a record of a copied template app, edits it, sees the change in the
//     timeline, comments on it with an attachment, and merges an edit that crossed someone else's.
// Screenshots of designer and runner at desktop (1280) and phone (390) width go to artifacts/e2e/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { admin, artifacts, desktop, launchBrowser, phone, startPlatform } from './platform.mjs';

let platform;
let browser;

before(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

/** A signed-in API session (cookie plus antiforgery token), as the designer's api.ts uses it. */
async function apiSession(userName, password) {
  const r = await fetch(`${platform.url}/api/auth/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userName, password }) });
  assert.equal(r.status, 200, `sign-in of ${userName}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const xsrf = r.headers.get('x-xsrf-token');
  return async (method, url, body, headers = {}) => {
    const res = await fetch(`${platform.url}${url}`, {
      method,
      headers: { Cookie: cookie, 'X-XSRF-TOKEN': xsrf, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** Creates a user holding one app role that the admin defines here. */
async function userWithRole(api, app, role, permissions, userName) {
  let r = await api('PUT', `/api/apps/${app}/roles/${role}`, { key: role, name: role, permissions });
  assert.ok(r.status < 300, JSON.stringify(r.body));
  const password = `${userName}-password-1`;
  r = await api('POST', '/api/users', { userName, password, displayName: userName, roles: [`${app}/${role}`] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { userName, password };
}

async function signIn(viewport, user, waitFor) {
  const page = await browser.newPage({ viewport });
  await page.goto(platform.url);
  await page.getByPlaceholder('用户名').fill(user.userName);
  await page.getByPlaceholder('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator(waitFor).waitFor();
  return page;
}

test('story a: an operator builds a leave app in the browser; an end user fills and submits its form with the linkage rule applied', async () => {
  const page = await signIn(desktop, admin, '[data-app-key="sales-crm"]');
  // The platform holds only the template app.
  assert.deepEqual(await page.locator('[data-app-key]').evaluateAll((els) => els.map((e) => e.dataset.appKey)), ['sales-crm']);

  // A new, empty app.
  await page.getByRole('button', { name: '新建空白应用' }).click();
  const dialog = page.getByTestId('new-app-form');
  await dialog.getByLabel('应用标识').fill('leave');
  await dialog.getByLabel('应用名称').fill('请假管理');
  await page.getByRole('button', { name: '创建', exact: true }).click();
  await page.waitForURL(/#\/apps\/leave$/);

  // A model of six fields in the model designer.
  await page.getByRole('button', { name: '新建模型' }).click();
  await page.locator('.ant-modal').getByLabel('标识').fill('leave');
  await page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
  await page.waitForURL(/#\/apps\/leave\/models\/leave\?new=1$/);
  await page.getByLabel('模型名称').fill('请假申请');
  const fields = [
    { key: 'applicant', type: '单行文本', label: '申请人', required: true },
    { key: 'type', type: '单选', label: '假别', options: ['年假', '事假', '病假'] },
    { key: 'start', type: '日期', label: '开始日期' },
    { key: 'end', type: '日期', label: '结束日期' },
    { key: 'days', type: '小数', label: '天数' },
    { key: 'reason', type: '多行文本', label: '事由' },
  ];
  for (const f of fields) {
    await page.getByRole('button', { name: '添加字段' }).click();
    // The menu of 25 types is taller than the page; its lower items are clicked without scrolling.
    await page.getByRole('menuitem', { name: f.type, exact: true }).dispatchEvent('click');
    const editor = page.getByTestId('field-editor');
    await editor.waitFor();
    await editor.getByLabel('字段标识').fill(f.key);
    await editor.getByLabel('名称', { exact: true }).fill(f.label);
    if (f.required) await editor.getByText('必填', { exact: true }).click();
    for (const [i, option] of (f.options ?? []).entries()) {
      await editor.getByRole('button', { name: '添加选项' }).click();
      await editor.getByLabel('值', { exact: true }).nth(i).fill(option);
    }
    // Close the field editor with its button and wait until it is gone, so its mask cannot take the next click.
    await page.locator('.ant-drawer-close').click();
    await editor.waitFor({ state: 'detached' });
    await page.getByTestId('model-fields').locator(`[data-field-key="${f.key}"]`, { hasText: f.label }).waitFor();
  }
  assert.deepEqual(await page.getByTestId('model-fields').locator('[data-field-key]').evaluateAll((els) => els.map((e) => e.dataset.fieldKey)),
    fields.map((f) => f.key));
  await shot(page, 'story-a-model-designer-desktop');
  await page.setViewportSize(phone);
  await shot(page, 'story-a-model-designer-phone');
  await page.setViewportSize(desktop);
  await page.getByRole('button', { name: '保存…' }).click();
  await page.getByRole('button', { name: '执行迁移并保存' }).click();
  await page.getByText('模型已保存').waitFor();

  // A form with every field and a linkage rule: the reason is required for 事假.
  await page.goto(`${platform.url}/#/apps/leave`);
  await page.getByRole('button', { name: '新建表单' }).click();
  await page.locator('.ant-modal').getByLabel('标识').fill('leave-form');
  await page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
  await page.waitForURL(/forms\/leave-form\/design/);
  const palette = page.getByTestId('form-palette');
  await palette.waitFor();
  const canvas = page.getByTestId('form-canvas');
  for (const f of fields) {
    await palette.locator(`[data-palette="palette:field:${f.key}"]`).dblclick();
    await canvas.locator('.lcd-node', { hasText: f.label }).first().waitFor();
  }
  await page.getByRole('tab', { name: '联动规则' }).click();
  await page.getByRole('button', { name: '添加联动规则' }).click();
  const rule = page.getByTestId('rule-builder').locator('[data-rule="0"]');
  await rule.waitFor();
  const choose = async (label, option) => {
    await rule.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-content').filter({ hasText: new RegExp(`^${option}$`) }).click();
  };
  await choose('字段', '假别');
  await choose('值', '事假');
  await choose('动作', '必填');
  await choose('目标字段', '事由');
  await shot(page, 'story-a-form-designer-desktop');
  await page.getByText('手机预览').click();
  await page.getByTestId('preview-phone').waitFor();
  await page.setViewportSize(phone);
  await shot(page, 'story-a-form-designer-phone');
  await page.setViewportSize(desktop);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('表单已保存').waitFor();
  await page.close();

  // An end user whose role may create leave requests (and read their own).
  const api = await apiSession(admin.userName, admin.password);
  const employee = await userWithRole(api, 'leave', 'employee', { leave: { actions: ['create', 'read'], rowScope: 'own' } }, 'xiaoli');

  const user = await signIn(phone, employee, '[data-app-key="leave"]');
  assert.deepEqual(await user.locator('[data-app-key]').evaluateAll((els) => els.map((e) => e.dataset.appKey)), ['leave']);
  await user.goto(`${platform.url}/#/apps/leave/models/leave/records/new`);
  const form = user.getByTestId('record-form');
  await form.getByLabel('申请人').waitFor();
  assert.deepEqual(await form.locator('[data-field]').evaluateAll((els) => els.map((e) => e.dataset.field)), fields.map((f) => f.key));
  await form.getByLabel('申请人').fill('李小璐');
  await form.getByLabel('假别').selectOption('事假');
  await form.locator('[data-field="reason"] .lc-req').waitFor();
  await form.getByLabel('开始日期').click();
  await user.locator('.ant-picker input').first().fill('2026-12-01');
  await user.keyboard.press('Enter');
  await form.getByLabel('天数').fill('2');
  await user.getByRole('button', { name: '提交', exact: true }).click();
  // The rule holds: the reason is required before anything is sent.
  await form.locator('[data-field="reason"] [role="alert"]', { hasText: '请填写此项' }).waitFor();
  assert.equal((await api('POST', '/api/apps/leave/models/leave/records/query', { total: true })).body.total, 0);
  await shot(user, 'story-a-runner-phone-rule');
  await form.getByLabel('事由').fill('家中有事');
  await user.getByRole('button', { name: '提交', exact: true }).click();
  await user.waitForURL(/#\/apps\/leave\/models\/leave\/records\/[0-9a-f-]{36}$/);
  const id = user.url().split('/').pop();
  await user.getByTestId('record-timeline').getByTestId('timeline-item').first().waitFor();
  await shot(user, 'story-a-runner-phone');
  await user.setViewportSize(desktop);
  await shot(user, 'story-a-runner-desktop');
  await user.close();

  const saved = (await api('GET', `/api/apps/leave/models/leave/records/${id}`)).body;
  assert.equal(saved.applicant, '李小璐');
  assert.equal(saved.type, '事假');
  assert.equal(saved.start, '2026-12-01');
  assert.equal(Number(saved.days), 2);
  assert.equal(saved.reason, '家中有事');
  const users = (await api('GET', '/api/users')).body;
  assert.equal(saved.owner, users.find((u) => u.userName === 'xiaoli').id, 'created by the end user');
});

test('story b: a user opens a record of a copied template app, edits it, sees the change in the timeline, comments with an attachment, and merges a conflicting edit', async () => {
  // The operator copies the template app on the home page.
  const operator = await signIn(desktop, admin, '[data-app-key="sales-crm"]');
  await operator.locator('[data-app-key="sales-crm"]').getByText('复制').click();
  await operator.getByTestId('copy-app-form').getByLabel('应用标识').fill('sales-b');
  await operator.getByRole('button', { name: '创建', exact: true }).click();
  await operator.waitForURL(/#\/apps\/sales-b$/);
  await operator.close();

  const api = await apiSession(admin.userName, admin.password);
  // Customers get a list of their contacts (the contacts point at their customer).
  const customerModel = (await api('GET', '/api/apps/sales-b/models/customer')).body;
  delete customerModel.table;
  customerModel.fields.push({ key: 'contacts', type: 'relation', label: '联系人', relation: { kind: 'oneToMany', model: 'contact', field: 'customer' } });
  let r = await api('PUT', '/api/apps/sales-b/models/customer', customerModel);
  assert.ok(r.status < 300, JSON.stringify(r.body));
  const rep = await userWithRole(api, 'sales-b', 'rep', {
    customer: { actions: ['read', 'update'], rowScope: 'all' },
    contact: { actions: ['read', 'create'], rowScope: 'all' },
  }, 'zhangwei');
  r = await api('POST', '/api/apps/sales-b/models/customer/records', { name: '宁德新能源', phone: '021-5555' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const customer = r.body;
  r = await api('POST', '/api/apps/sales-b/models/contact/records', { name: '王经理', customer: customer.id });
  assert.equal(r.status, 201, JSON.stringify(r.body));

  const page = await signIn(desktop, rep, '[data-app-key="sales-b"]');
  await page.goto(`${platform.url}/#/apps/sales-b/models/customer/records/${customer.id}`);
  const form = page.getByTestId('record-form');
  await form.getByLabel('客户名称').waitFor();
  assert.equal(await form.getByLabel('电话').inputValue(), '021-5555');
  // The related list shows the contact with a link and "add".
  const contacts = page.locator('[data-testid="related-list"][data-relation="contacts"]');
  await contacts.getByRole('link', { name: '王经理' }).waitFor();
  assert.match(await contacts.getByRole('link', { name: /添加/ }).getAttribute('href'), new RegExp(`contact/records/new\\?customer=${customer.id}`));

  await form.getByLabel('电话').fill('021-6666');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('已保存', { exact: true }).waitFor();
  const timeline = page.getByTestId('record-timeline');
  const change = timeline.locator('[data-testid="timeline-item"][data-kind="updated"]').first();
  await change.waitFor();
  assert.match(await change.innerText(), /zhangwei/);
  assert.match(await change.locator('[data-change="phone"]').innerText(), /电话：\s*021-5555\s*→\s*021-6666/);
  await shot(page, 'story-b-record-desktop');

  // A comment with an attachment.
  await page.getByRole('tab', { name: '评论' }).click();
  const comments = page.getByTestId('record-comments');
  const file = path.join(tmpdir(), `拜访纪要-${Date.now()}.txt`);
  writeFileSync(file, '拜访纪要：客户确认预算');
  await comments.getByTestId('comment-file-input').setInputFiles(file);
  await comments.getByTestId('comment-file').waitFor();
  await comments.getByLabel('写评论…').fill('已电话确认新号码');
  await comments.getByRole('button', { name: '发表评论' }).click();
  const posted = comments.getByTestId('comment').filter({ hasText: '已电话确认新号码' });
  await posted.waitFor();
  assert.match(await posted.innerText(), /zhangwei/);
  assert.match(await posted.getByRole('link').innerText(), /拜访纪要/);

  await page.setViewportSize(phone);
  await shot(page, 'story-b-record-phone');

  // Someone else changes the record meanwhile: saving shows the merge prompt and keeps both edits.
  const current = (await api('GET', `/api/apps/sales-b/models/customer/records/${customer.id}`)).body;
  r = await api('PATCH', `/api/apps/sales-b/models/customer/records/${customer.id}`, { industry: '制造' }, { 'If-Match': String(current.rowVersion) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await form.getByLabel('电话').fill('021-7777');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const merge = page.locator('.ant-modal', { hasText: '记录已被他人修改' });
  await merge.waitFor();
  await merge.getByRole('button', { name: '合并后保存' }).click();
  await page.getByText('已保存', { exact: true }).last().waitFor();
  await page.close();

  const after = (await api('GET', `/api/apps/sales-b/models/customer/records/${customer.id}`)).body;
  assert.equal(after.phone, '021-7777');
  assert.equal(after.industry, '制造', 'the other edit survives the merge');
  // Three saves; the template's own workflows (e.g. the customer grade) may add versions of their own.
  assert.ok(after.rowVersion >= customer.rowVersion + 3, `rowVersion ${after.rowVersion}`);
  const list = (await api('GET', `/api/apps/sales-b/models/customer/records/${customer.id}/comments`)).body.items;
  assert.deepEqual(list.map((c) => [c.text, c.by.userName, c.files.map((f) => f.name)]), [['已电话确认新号码', 'zhangwei', [path.basename(file)]]]);
});
