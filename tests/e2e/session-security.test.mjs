import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, desktop, launchBrowser, startPlatform } from './platform.mjs';

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
