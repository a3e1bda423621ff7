// The sales template's whole story in Chromium against the real platform, with the sales-crm
// template installed at start (templates/sales-crm, issue #9):
// a visitor leaves a lead through the public web form → the lead is routed by the decision table
// and scored from a behaviour event → the rep gets the first-contact task, sees the lead and logs a
// follow-up as free text (next date and tag proposed from it) → the rep asks to move the opportunity through the stage gate → the team lead
// approves in the task inbox → the director, who sees every row, finds the deal at its new stage.
// The director also opens the 销售业绩 dashboard from the runner's menu, sees the signed orders per
// month as a bar chart and drills from the rep ranking into that rep's counted orders.
// Screenshots of the key pages at desktop (1280) and phone (390) width go to artifacts/e2e/.
// Workflows run on the platform's worker after each write commits: the test polls for their
// results and never sleeps for a fixed time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { admin, artifacts, desktop, launchBrowser, phone, startPlatform } from './platform.mjs';

const App = 'sales-crm';
// The template's public lead form (templates/sales-crm/forms/lead-form.json).
const leadFormSlug = 'sales-crm-web-lead-2026';

let platform;
let browser;

before(async () => {
  platform = await startPlatform({ templates: App });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

/** Desktop and phone screenshots of the page as it is now; the page is left at desktop width. */
async function shots(page, name) {
  await shot(page, `${name}-desktop`);
  await page.setViewportSize(phone);
  await shot(page, `${name}-phone`);
  await page.setViewportSize(desktop);
}

/** A signed-in API session (cookie plus antiforgery token), as the designer's api.ts uses it. */
async function apiSession(userName, password) {
  const r = await fetch(`${platform.url}/api/auth/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userName, password }) });
  assert.equal(r.status, 200, `sign-in of ${userName}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const xsrf = r.headers.get('x-xsrf-token');
  const call = async (method, url, body, headers = {}) => {
    const res = await fetch(`${platform.url}${url}`, {
      method,
      headers: { Cookie: cookie, 'X-XSRF-TOKEN': xsrf, ...(body instanceof FormData ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  call.ok = async (method, url, body) => {
    const r = await call(method, url, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return call;
}

/** Polls until `probe` returns a truthy value (the workflow worker runs after the write commits). */
async function eventually(probe, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
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

/** The sales org of the story: one team with its lead as department head, a rep in every routing group, a director above. */
async function salesOrg(api, suffix) {
  const hq = await api.ok('POST', '/api/departments', { name: `销售中心${suffix}` });
  const team = await api.ok('POST', '/api/departments', { name: `华东A组${suffix}`, parentId: hq.id });
  const user = async (userName, displayName, departmentId, roles) => {
    const password = `${userName}-password-1`;
    const created = await api.ok('POST', '/api/users', { userName, password, displayName, departmentId, roles: roles.map((r) => `${App}/${r}`) });
    return { id: created.id, userName, password, displayName };
  };
  const teamLead = await user(`lead${suffix}`, '李主管', team.id, ['teamLead']);
  const rep = await user(`rep${suffix}`, '张销售', team.id, ['rep', 'routing-senior', 'routing-a', 'routing-b']);
  const director = await user(`director${suffix}`, '王总监', hq.id, ['director']);
  await api.ok('PUT', `/api/departments/${team.id}`, { name: `华东A组${suffix}`, headUserId: teamLead.id });
  return { teamLead, rep, director };
}

async function upload(api, name) {
  const form = new FormData();
  form.append('file', new Blob(['%PDF-1.4 sales story'], { type: 'application/pdf' }), name);
  const file = await api.ok('POST', '/api/files', form);
  return [{ id: file.id }];
}

/** Wednesday of next week in the platform's zone (Asia/Shanghai), as the rep means 下周三. */
function nextWeeksWednesday() {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number);
  const today = new Date(Date.UTC(y, m - 1, d));
  const monday = today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday + 9 * 86_400_000).toISOString().slice(0, 10);
}

const one = async (api, model, field, value) =>
  (await api.ok('POST', `/api/apps/${App}/models/${model}/records/query`, { filter: { field, op: 'eq', value } })).items[0];

test('sales story: a web-form lead is routed and scored, the rep follows it up, the team lead approves the stage gate and the director sees the deal', async () => {
  const api = await apiSession(admin.userName, admin.password);
  const { teamLead, rep, director } = await salesOrg(api, '-story');
  const company = '晴川光伏科技有限公司';

  // 1. A visitor without an account leaves the lead through the public web form (phone width).
  const visitor = await browser.newPage({ viewport: phone });
  await visitor.goto(`${platform.url}/#/public/${App}/${leadFormSlug}`);
  const webForm = visitor.getByTestId('public-form');
  await webForm.getByLabel('公司').waitFor();
  assert.deepEqual(await webForm.locator('[data-field]').evaluateAll((els) => els.map((e) => e.dataset.field)),
    ['company', 'contact_name', 'mobile', 'industry', 'budget', 'decision_chain'], 'only the fields of the web form');
  await webForm.getByRole('button', { name: '提交', exact: true }).click();
  await webForm.locator('[data-field="company"] [role="alert"]').waitFor();
  await webForm.getByLabel('公司').fill(company);
  await webForm.getByLabel('联系人').fill('周工');
  await webForm.getByLabel('手机').fill('13800138000');
  await webForm.getByLabel('行业').selectOption('新能源');
  await webForm.getByLabel('预算(元)').fill('2000000');
  await shot(visitor, 'sales-story-web-form-phone');
  await visitor.setViewportSize(desktop);
  await shot(visitor, 'sales-story-web-form-desktop');
  await webForm.getByRole('button', { name: '提交', exact: true }).click();
  await visitor.getByTestId('public-form-done').waitFor();
  await visitor.close();

  // 2. Routed by the decision table (新能源, budget > 1,000,000 → group A) to the rep, and scored
  //    from a behaviour event the marketing site reports (webinar +10).
  const routed = await eventually(async () => {
    const lead = await one(api, 'lead', 'company', company);
    return lead?.owner === rep.id && lead.status === '已分配' ? lead : null;
  }, 'the lead to be routed to the rep');
  assert.equal(routed.source, '官网表单', 'the web form sets the source');
  assert.equal(routed.createdBy, 'system');
  assert.equal(routed.group, 'A');
  assert.match(routed.routing_reason, /分组 A/);
  await api.ok('POST', `/api/apps/${App}/models/lead_event/records`, { lead: routed.id, type: 'webinar' });
  await eventually(async () => (await one(api, 'lead', 'id', routed.id))?.score === 10, 'the webinar to add 10 points');

  // 3. The rep gets the first-contact task (due in 2 hours) and finds the lead through the runner's menu.
  const repApi = await apiSession(rep.userName, rep.password);
  const repPage = await signIn(desktop, rep, `[data-app-key="${App}"]`);
  await repPage.goto(`${platform.url}/#/tasks`);
  const firstTouch = `首次联系 ${company}`;
  await repPage.getByText(firstTouch).first().waitFor();
  await shot(repPage, 'sales-story-rep-tasks-desktop');
  await repPage.goto(`${platform.url}/#/apps/${App}/run`);
  const menu = repPage.getByTestId('runner-menu');
  await menu.getByText('录入线索', { exact: true }).waitFor();
  await menu.getByText('线索', { exact: true }).last().click();
  await repPage.getByRole('row', { name: new RegExp(company) }).waitFor();
  await repPage.goto(`${platform.url}/#/apps/${App}/models/lead/records/${routed.id}`);
  const leadForm = repPage.getByTestId('record-form');
  await leadForm.getByLabel('线索评分').waitFor();
  assert.equal(await leadForm.getByLabel('线索评分').inputValue(), '10');
  assert.match(await leadForm.getByLabel('分配原因').inputValue(), /分组 A/);
  await shot(repPage, 'sales-story-rep-lead-desktop');

  // 4. The rep logs the first call as free text: the next date comes from 下周三 and the tag
  //    suggested by the word 报价 is confirmed; the follow-up closes the first-contact task.
  const customer = await repApi.ok('POST', `/api/apps/${App}/models/customer/records`, { name: company, industry: '新能源' });
  const contact = await repApi.ok('POST', `/api/apps/${App}/models/contact/records`, { name: '周工', customer: customer.id, mobile: '13800138000' });
  await repPage.goto(`${platform.url}/#/apps/${App}/models/followup/records/new?customer=${customer.id}&contact=${contact.id}&lead=${routed.id}`);
  const followup = repPage.getByTestId('record-form');
  await followup.getByLabel('跟进内容').waitFor();
  await eventually(async () => (await followup.getByLabel('客户').inputValue()) === company, 'the prefilled customer to show its name');
  await followup.getByLabel('跟进内容').fill('客户要报价，下周三再联系');
  const wednesday = nextWeeksWednesday();
  await eventually(async () => (await followup.getByLabel('下次跟进').inputValue()) === wednesday, `the next date ${wednesday} from 下周三`);
  const suggestion = followup.locator('[data-suggest="tags"]');
  await suggestion.getByText('价格讨论').waitFor();
  await followup.getByLabel('阶段').selectOption('需求确认');
  await followup.getByLabel('关键障碍').fill('预算未批');
  await shots(repPage, 'sales-story-rep-followup');
  await suggestion.getByRole('button', { name: '采用' }).click();
  await suggestion.waitFor({ state: 'detached' });
  await repPage.getByRole('button', { name: '提交', exact: true }).click();
  await repPage.waitForURL(/#\/apps\/sales-crm\/models\/followup\/records\/[0-9a-f-]{36}$/);
  const logged = await repApi.ok('GET', `/api/apps/${App}/models/followup/records/${repPage.url().split('/').pop()}`);
  assert.equal(logged.next_date, wednesday);
  assert.deepEqual(logged.tags, ['价格讨论']);
  assert.equal(logged.obstacle, '预算未批');
  const touched = await eventually(async () => {
    const lead = await one(api, 'lead', 'id', routed.id);
    return lead?.status === '跟进中' && lead.first_touch_at ? lead : null;
  }, 'the follow-up to mark the lead as touched');
  assert.ok(touched.first_touch_at);
  await eventually(async () => !(await repApi.ok('GET', '/api/tasks?assignee=me&status=open')).items.some((t) => t.title === firstTouch),
    'the follow-up to close the first-contact task');

  // 5. The rep asks to move the opportunity to 商务谈判: the gate needs the team lead's approval.
  const deal = await repApi.ok('POST', `/api/apps/${App}/models/opportunity/records`, {
    title: '晴川光伏二期', customer: customer.id, amount: 1800000, expected_close: '2026-12-31',
    requirement_doc: await upload(repApi, '需求说明.pdf'), proposal_pdf: await upload(repApi, '解决方案.pdf'),
    signed_page: await upload(repApi, '客户签字页.pdf'),
  });
  await repPage.goto(`${platform.url}/#/apps/${App}/models/opportunity/records/${deal.id}`);
  const dealForm = repPage.getByTestId('record-form');
  await dealForm.getByLabel('申请推进到').waitFor();
  await dealForm.getByLabel('申请推进到').selectOption('商务谈判');
  await repPage.getByRole('button', { name: '保存', exact: true }).click();
  await repPage.getByText('已保存', { exact: true }).waitFor();
  await eventually(async () => (await one(api, 'opportunity', 'id', deal.id))?.stage_approval === 'pending', 'the approval to open');
  await repPage.close();

  // 6. The team lead approves it in the task inbox.
  const leadPage = await signIn(desktop, teamLead, `[data-app-key="${App}"]`);
  await leadPage.goto(`${platform.url}/#/tasks`);
  const title = '阶段推进：晴川光伏二期 → 商务谈判';
  await leadPage.getByText(title).first().click();
  const detail = leadPage.getByTestId('task-detail');
  await detail.waitFor();
  await shots(leadPage, 'sales-story-lead-approval');
  await detail.getByRole('button', { name: '同意', exact: true }).click();
  await eventually(async () => {
    const d = await one(api, 'opportunity', 'id', deal.id);
    return d?.stage === '商务谈判' && d.stage_approval === 'approved';
  }, 'the approved stage to apply');
  await leadPage.close();

  // 7. The director, who sees every row, finds the deal at its new stage.
  const directorPage = await signIn(desktop, director, `[data-app-key="${App}"]`);
  await directorPage.goto(`${platform.url}/#/apps/${App}/run/models/opportunity`);
  const row = directorPage.locator('tr', { hasText: '晴川光伏二期' });
  await row.waitFor();
  assert.match(await row.innerText(), /商务谈判/);
  await shots(directorPage, 'sales-story-director-deals');
  await directorPage.goto(`${platform.url}/#/apps/${App}/models/opportunity/records/${deal.id}`);
  const seen = directorPage.getByTestId('record-form');
  const stage = seen.locator('[data-field="stage"] select');
  await stage.waitFor();
  assert.equal(await stage.inputValue(), '商务谈判');
  await directorPage.close();
});

test('the director opens 销售业绩 from the menu, sees the signed orders per month and drills into a rep\'s orders', async () => {
  const api = await apiSession(admin.userName, admin.password);
  const { rep, director } = await salesOrg(api, '-dash');
  const repApi = await apiSession(rep.userName, rep.password);
  const product = await api.ok('POST', `/api/apps/${App}/models/product/records`, { name: '储能柜 看板', list_price: 10000 });
  const customer = await repApi.ok('POST', `/api/apps/${App}/models/customer/records`, { name: '看板客户' });
  const order = await repApi.ok('POST', `/api/apps/${App}/models/order/records`, {
    customer: customer.id, total: 30000, lines: [{ product: product.id, quantity: 3, list_price: 10000, unit_price: 10000, amount: 30000 }],
  });
  const patch = async (values) => {
    const current = await repApi.ok('GET', `/api/apps/${App}/models/order/records/${order.id}`);
    const r = await repApi('PATCH', `/api/apps/${App}/models/order/records/${order.id}`, values, { 'If-Match': `"${current.rowVersion}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  };
  // At list price the approval workflow approves at once; signed and approved, the order counts.
  await patch({ approval_status: '审批中' });
  await eventually(async () => (await api.ok('GET', `/api/apps/${App}/models/order/records/${order.id}`)).approval_status === '已批准', 'the order approved');
  await patch({ signed: true, signed_on: '2026-10-15' });

  const page = await signIn(desktop, director, `[data-app-key="${App}"]`);
  await page.goto(`${platform.url}/#/apps/${App}/run`);
  await page.getByTestId('runner-menu').getByText('销售业绩', { exact: true }).click();
  const bar = page.locator('[data-widget="by-month"] [data-testid="chart"][data-chart="bar"]');
  await bar.waitFor();
  assert.match(await bar.getAttribute('data-categories'), /2026-10/, 'October has the signed order');
  assert.ok(await bar.locator('canvas').count() > 0, 'echarts drew the bars');
  const rankingRow = page.locator('[data-widget="by-rep"] [data-testid="ranking-row"]', { hasText: '张销售' });
  await rankingRow.waitFor();
  await page.waitForTimeout(1200);   // echarts grows its bars for a second: the screenshot shows them drawn
  await shots(page, 'sales-figures-dashboard');

  await rankingRow.click();
  await page.getByTestId('drill-filter').waitFor();
  const table = page.getByTestId('record-table');
  assert.equal(await table.getAttribute('data-model'), 'order');
  await table.locator('tr', { hasText: '看板客户' }).waitFor();
  await page.close();
});

test('a public form link that is wrong or closed shows a clear page instead of the form', async () => {
  const api = await apiSession(admin.userName, admin.password);
  const form = await api.ok('GET', `/api/apps/${App}/forms/lead-form`);
  await api.ok('PUT', `/api/apps/${App}/forms/lead-closed`, { ...form, key: 'lead-closed', public: { enabled: false, slug: 'closed-lead-form-slug-1' } });
  for (const slug of ['closed-lead-form-slug-1', 'no-such-form-slug-000']) {
    const page = await browser.newPage({ viewport: phone });
    await page.goto(`${platform.url}/#/public/${App}/${slug}`);
    await page.getByTestId('public-form-missing').getByText('这个表单不存在或已停用').waitFor();
    if (slug.startsWith('closed')) await shot(page, 'sales-story-web-form-closed-phone');
    await page.close();
  }
});
