import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

async function signIn(page, password = admin.password) {
  await page.goto(platform.url);
  await page.getByPlaceholder('用户名').fill(admin.userName);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test('an administrator signs in and sees the sales template in the app list', async () => {
  const page = await browser.newPage({ viewport: desktop });
  await signIn(page);
  const item = page.locator('[data-app-key="sales-crm"]');
  await item.waitFor();
  assert.match(await item.innerText(), /销售管理/);
  assert.equal(await page.getByTestId('current-user').innerText(), 'Administrator');
  await page.screenshot({ path: path.join(artifacts, 'app-list-desktop.png'), fullPage: true });
  await page.close();
});

test('a wrong password shows an error and keeps the user on the sign-in page', async () => {
  const page = await browser.newPage({ viewport: desktop });
  await signIn(page, 'not-the-password');
  const error = page.getByTestId('sign-in-error');
  await error.waitFor();
  assert.match(await error.innerText(), /用户名或密码错误/);
  assert.equal(await page.locator('[data-app-key]').count(), 0);
  await page.close();
});

test('the app list works at phone width and in English', async () => {
  const page = await browser.newPage({ viewport: phone });
  await signIn(page);
  await page.locator('[data-app-key="sales-crm"]').waitFor();
  await page.getByText('English').click();
  await page.getByText('My apps').waitFor();
  await page.screenshot({ path: path.join(artifacts, 'app-list-phone-en.png'), fullPage: true });
  await page.close();
});
