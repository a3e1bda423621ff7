// Formula fields and validation rules in Chromium: the runner computes a formula while the user
// types, shows a failing rule under its field (and a record rule at the top) before submitting, and
// maps the server's 400 for a rule only the server can evaluate to the same place.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { admin, artifacts, desktop, launchBrowser, startPlatform } from './platform.mjs';

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

const orderPackage = {
  key: 'orders-e2e',
  name: '订单（规则）',
  models: [{
    key: 'order', name: '订单', displayField: 'customer',
    fields: [
      { key: 'customer', type: 'text', label: '客户' },
      { key: 'quantity', type: 'number', label: '数量' },
      { key: 'unit_price', type: 'decimal', label: '单价' },
      { key: 'amount', type: 'formula', label: '金额', formula: { expression: 'quantity * unit_price', resultType: 'decimal' } },
    ],
    rules: [
      { key: 'positive', assert: 'record.quantity > 0', message: '数量必须大于0', field: 'quantity' },
      { key: 'cap', assert: 'record.amount <= 10000', message: '金额不能超过10000' },
      // Arrow functions are beyond the browser evaluator: only the server can check this one.
      { key: 'no-hash', assert: "!(record.customer || '').split('').some((c) => c === '#')", message: '客户名称不能包含#', field: 'customer' },
    ],
  }],
  forms: [{
    key: 'order-form', model: 'order', name: '订单',
    layout: ['customer', 'quantity', 'unit_price', 'amount'].map((fieldKey) => ({ type: 'field', fieldKey })),
  }],
};

test('a formula updates while typing; rules show under their field or at the top, from the browser and from the server', async () => {
  const page = await browser.newPage({ viewport: desktop });
  await page.goto(platform.url);
  await page.getByPlaceholder('用户名').fill(admin.userName);
  await page.getByPlaceholder('密码').fill(admin.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-app-key="sales-crm"]').waitFor();
  const file = path.join(tmpdir(), `orders-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(orderPackage));
  await page.getByTestId('import-file').setInputFiles(file);
  await page.locator('[data-app-key="orders-e2e"]').waitFor();

  await page.goto(`${platform.url}/#/apps/orders-e2e/run/forms/order-form`);
  const form = page.getByTestId('run-form');
  await form.getByLabel('客户').waitFor();
  const amount = form.locator('[data-field="amount"] output');

  await form.getByLabel('数量').fill('3');
  await form.getByLabel('单价').fill('19.99');
  await amount.filter({ hasText: '59.97' }).waitFor();

  // Browser-side rules, before anything is sent.
  await form.getByLabel('数量').fill('1000');
  await amount.filter({ hasText: '19990' }).waitFor();
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await page.getByTestId('form-rule-errors').filter({ hasText: '金额不能超过10000' }).waitFor();
  await form.getByLabel('数量').fill('0');
  await form.locator('[data-field="quantity"] [role="alert"]', { hasText: '数量必须大于0' }).waitFor();
  await page.getByTestId('form-rule-errors').waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(artifacts, 'runner-rules.png'), fullPage: true });

  // A rule only the server evaluates: its 400 lands under the same field.
  await form.getByLabel('数量').fill('2');
  await form.getByLabel('客户').fill('A#1');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await form.locator('[data-field="customer"] [role="alert"]', { hasText: '客户名称不能包含#' }).waitFor();

  await form.getByLabel('客户').fill('宁德');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await page.waitForURL(/run\/forms\/order-form\/.+/);
  const id = page.url().split('/').pop();
  const saved = await page.evaluate(async (url) => (await fetch(url)).json(), `${platform.url}/api/apps/orders-e2e/models/order/records/${id}`);
  assert.equal(saved.amount, 39.98);
  assert.equal(saved.customer, '宁德');
  await page.close();
});
