import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { admin, artifacts, desktop, launchBrowser, startPlatform } from './platform.mjs';

let platform;
let browser;

before(async () => {
  platform = await startPlatform({ templates: '' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function signIn(page) {
  await page.goto(platform.url);
  await page.getByPlaceholder('用户名').fill(admin.userName);
  await page.getByPlaceholder('密码').fill(admin.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('current-user').waitFor();
}

test('the browser session changes data only with the antiforgery token the designer sends', async () => {
  const page = await browser.newPage({ viewport: desktop });
  await signIn(page);
  const statuses = await page.evaluate(async () => {
    const post = (headers) =>
      fetch('/api/departments', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ name: 'e2e-' + Math.random() }) });
    const without = (await post({})).status;
    const token = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN=')).slice('XSRF-TOKEN='.length));
    const withToken = (await post({ 'X-XSRF-TOKEN': token })).status;
    return { without, withToken };
  });
  assert.deepEqual(statuses, { without: 400, withToken: 201 });
  await page.close();
});

test('signing out from the app list (a POST with the token) returns to the sign-in page, also after a reload', async () => {
  const page = await browser.newPage({ viewport: desktop });
  await signIn(page);
  await page.reload();
  await page.getByTestId('current-user').waitFor();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByPlaceholder('用户名').waitFor();
  const me = await page.evaluate(async () => (await fetch('/api/me')).status);
  assert.equal(me, 401);
  await page.close();
});

test('an administrator builds a department, creates a user in it, and that user signs in; disabling ends their session at once', async () => {
  const page = await browser.newPage({ viewport: desktop });
  await signIn(page);
  await page.getByTestId('organisation-link').click();
  await page.getByRole('tab', { name: '部门' }).click();
  await page.getByTestId('new-department-name').fill('华东销售部');
  await page.getByTestId('add-department').click();
  await page.getByTestId('department-tree').getByText('华东销售部').waitFor();

  await page.getByRole('tab', { name: '用户' }).click();
  await page.getByTestId('new-user').click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[name="userName"]').fill('li.na');
  await dialog.locator('input[name="password"]').fill('li-na-password');
  await dialog.locator('input[name="displayName"]').fill('李娜');
  await dialog.getByTestId('user-department').click();
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '华东销售部' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  const row = page.locator('tr[data-user="li.na"]');
  await row.waitFor();
  assert.match(await row.innerText(), /李娜[\s\S]*华东销售部/);
  await page.screenshot({ path: path.join(artifacts, 'organisation-users.png'), fullPage: true });

  const other = await browser.newContext({ viewport: desktop });
  const userPage = await other.newPage();
  await userPage.goto(platform.url);
  await userPage.getByPlaceholder('用户名').fill('li.na');
  await userPage.getByPlaceholder('密码').fill('li-na-password');
  await userPage.getByRole('button', { name: '登录' }).click();
  assert.equal(await userPage.getByTestId('current-user').innerText(), '李娜');
  assert.equal(await userPage.getByTestId('organisation-link').count(), 0);

  await row.getByRole('button', { name: '停用' }).click();
  await row.getByText('已停用').waitFor();
  await userPage.reload();
  await userPage.getByPlaceholder('用户名').waitFor();
  await other.close();
  await page.close();
});

test('a user creates an API token in the browser, an integration uses it, and revoking it ends that', async () => {
  const page = await browser.newPage({ viewport: desktop });
  await signIn(page);
  await page.getByTestId('tokens-link').click();
  await page.getByTestId('token-name').fill('ERP 同步');
  await page.getByTestId('create-token').click();
  const secret = (await page.getByTestId('token-secret').innerText()).trim();
  assert.match(secret, /^lc_/);

  const me = await fetch(`${platform.url}/api/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).userName, admin.userName);

  const row = page.locator('tr[data-token="ERP 同步"]');
  await row.getByRole('button', { name: '吊销' }).click();
  await row.getByText('已吊销').waitFor();
  assert.equal((await fetch(`${platform.url}/api/me`, { headers: { Authorization: `Bearer ${secret}` } })).status, 401);
  await page.close();
});

test('an administrator defines an app role in the browser: actions, row scope and a hidden field', async () => {
  const page = await browser.newPage({ viewport: desktop });
  await signIn(page);
  const imported = await page.evaluate(async () => {
    const token = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN=')).slice('XSRF-TOKEN='.length));
    const pkg = { key: 'role-demo', name: '角色演示', models: [{ key: 'deal', name: '商机', fields: [{ key: 'title', type: 'text', label: '标题' }, { key: 'cost_price', type: 'decimal', label: '成本价' }] }] };
    return (await fetch('/api/apps/import', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': token }, body: JSON.stringify(pkg) })).status;
  });
  assert.equal(imported, 201);
  await page.getByTestId('organisation-link').click();
  await page.getByRole('tab', { name: '角色' }).click();
  await page.getByTestId('roles-app').click();
  await page.locator('.ant-select-item-option', { hasText: '角色演示' }).click();
  await page.getByTestId('new-role-key').fill('viewer');
  await page.getByRole('button', { name: '添加' }).click();
  await page.getByTestId('role-name').fill('只读员');
  await page.getByText('商机 (deal)').click();
  const model = page.locator('[data-model="deal"]');
  await model.getByLabel('查看').check();
  await model.locator('[data-field="cost_price"]').click();
  await page.locator('.ant-select-item-option', { hasText: '隐藏' }).last().click();
  await page.getByTestId('save-role').click();
  await page.getByText('已保存').waitFor();

  const roles = await page.evaluate(async () => (await fetch('/api/apps/role-demo/roles')).json());
  assert.deepEqual(roles, [{ key: 'viewer', name: '只读员', permissions: { deal: { actions: ['read'], rowScope: 'own', fields: { cost_price: 'hidden' } } } }]);
  await page.screenshot({ path: path.join(artifacts, 'organisation-roles.png'), fullPage: true });
  await page.close();
});
