import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Running, rawKeysOnScreen, shot, startApp } from './browser.ts';

const OWNER = { email: 'boss@chayuan.example', password: 'long-enough-password' };

async function signIn(page: Page, url: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel(/邮箱|Email|メール/).fill(OWNER.email);
  await page.getByLabel(/密码|Password|パスワード/).fill(OWNER.password);
  await page.getByRole('button', { name: /登\s*录|Sign in|ログイン/ }).click();
  await page.waitForURL(`${url}/`);
}

/** The switcher's labels, Chinese last so the tests after a loop go on in Chinese. */
const LANGUAGES = [
  ['日本語', 'ja'],
  ['English', 'en'],
  ['简体中文', 'zh'],
] as const;

/** antd draws a select over a hidden input: open it by clicking the select that holds the named input. */
async function chooseOption(page: Page, select: string, option: string) {
  await page
    .locator('.ant-select:visible')
    .filter({ has: page.getByRole('combobox', { name: select, exact: true }) })
    .click();
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option });
  // On a loaded CI machine a dropdown inside an opening dialog can stay "unstable" (still moving) for the whole
  // click timeout; the option is there and enabled, so it is clicked where it stands (the next steps check it took).
  await item.first().waitFor();
  await item
    .first()
    .click({ timeout: 5_000 })
    .catch(() => item.first().dispatchEvent('click'));
}

async function setLanguage(page: Page, label: string) {
  await page.locator('header .ant-select').first().click();
  await page.locator('.ant-select-item-option').filter({ hasText: label }).click();
}

describe('a rep’s day in the browser', () => {
  let app: Running;
  let ctx: BrowserContext;
  let page: Page;
  let customerUrl = '';

  beforeAll(async () => {
    app = await startApp();
    ctx = await openBrowser({ width: 1280, height: 860 });
    page = ctx.pages()[0] ?? (await ctx.newPage());
  });
  afterAll(async () => {
    await ctx?.close();
    await app?.stop();
  });

  it('sets up the business on first visit', async () => {
    await page.goto(app.url);
    await page.waitForURL(/\/setup$/);
    await shot(page, '01-setup-zh');
    await page.getByLabel('企业名称').fill('张记茶庄');
    await page.getByLabel('您的姓名').fill('张老板');
    await page.getByLabel('邮箱').fill(OWNER.email);
    await page.getByLabel('密码').fill(OWNER.password);
    await page.getByRole('button', { name: '创建并登录' }).click();
    await page.waitForURL(`${app.url}/`);
    await expect(page.getByText('今日生日')).toBeDefined();
  });

  it('signs out and in again', async () => {
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/login$/);
    await shot(page, '02-login-zh');
    await signIn(page, app.url);
    await page.getByText('工作台').first().waitFor();
  });

  it('creates a customer in Chinese and warns of a duplicate while typing', async () => {
    await page.goto(`${app.url}/customers/new`);
    await page.getByLabel('姓', { exact: true }).fill('张');
    await page.getByLabel('名', { exact: true }).fill('三丰');
    await page.getByLabel('电话').fill('138 0013 8000');
    await page.getByLabel('邮箱').fill('sanfeng@wudang.example');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    customerUrl = page.url();
    await page.getByRole('heading', { name: /张三丰/ }).waitFor();
    await shot(page, '03-customer-file-zh');
    await page.goto(`${app.url}/customers/new`);
    await page.getByLabel('姓', { exact: true }).fill('张');
    await page.getByLabel('电话').fill('13800138000');
    const warning = page.getByTestId('duplicate-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('张三丰');
    await shot(page, '04-duplicate-warning-zh');
  });

  it('logs a call with a next step in three clicks, and the task shows in My day', async () => {
    await page.goto(customerUrl);
    await page.getByTestId('log-call').click(); // 1
    await page.getByTestId('interaction-summary').fill('询问武当山新茶，想订两斤');
    await page.getByTestId('with-next-step').click(); // 2
    await page.getByTestId('next-step-title').fill('寄龙井样品');
    await shot(page, '05-log-call-zh');
    await page.getByRole('button', { name: /保\s*存/ }).click(); // 3
    await page.getByText('寄龙井样品').first().waitFor();
    await page.goto(`${app.url}/`);
    const task = page.getByTestId('task-item').filter({ hasText: '寄龙井样品' });
    await task.waitFor();
    await shot(page, '06-my-day-zh');
    await task.getByRole('button', { name: /标记完成/ }).click();
    await task.waitFor({ state: 'detached' });
    await page.goto(`${app.url}/tasks`);
    await page.getByText('已完成').click();
    await page
      .getByTestId('task-item')
      .filter({ hasText: '寄龙井样品' })
      .getByRole('button', { name: /重新打开/ })
      .waitFor();
  });

  it('finds the customer by pinyin initials as you type', async () => {
    await page.goto(`${app.url}/customers`);
    const started = Date.now();
    await page.getByTestId('customer-search').fill('zsf');
    await page.getByRole('link', { name: /张三丰/ }).waitFor();
    expect(Date.now() - started).toBeLessThan(5000);
    await shot(page, '07-search-zh');
  });

  it('speaks Japanese and English with no raw keys on any screen', async () => {
    for (const [label, lang] of LANGUAGES) {
      await page.goto(`${app.url}/customers`);
      await setLanguage(page, label);
      for (const path of [
        '/',
        '/customers',
        customerUrl.replace(app.url, ''),
        '/tasks',
        '/settings',
        '/customers/new',
        '/customers/duplicates',
      ]) {
        await page.goto(`${app.url}${path}`);
        await page.waitForLoadState('networkidle');
        expect(await rawKeysOnScreen(page), `${lang} ${path}`).toEqual([]);
        await shot(page, `08-${lang}${path.replace(/\//g, '_').replace(/_[0-9a-f-]{36}/, '_file') || '_home'}`);
      }
    }
  });

  it('renders the printable customer card to PDF in A4 and A5', async () => {
    await page.goto(`${customerUrl}/print`);
    await page.getByTestId('print-card').waitFor();
    expect(await page.getByTestId('print-card').textContent()).toContain('客户资料卡');
    await shot(page, '09-print-zh');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    await page.getByText('A5', { exact: true }).click();
    const a5 = await page.pdf({ format: 'A5', printBackground: true });
    expect(a5.byteLength).toBeGreaterThan(10_000);
  });

  it('works on a 390 px phone: search, open the file, log a call, work the task list', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    const p = phone.pages()[0] ?? (await phone.newPage());
    try {
      await signIn(p, app.url);
      await p.goto(`${app.url}/customers`);
      await p.getByTestId('customer-search').fill('8000');
      await p.getByRole('link', { name: /张三丰/ }).click();
      await p.getByTestId('log-call').click();
      await p.getByTestId('interaction-summary').fill('手机上记录的回访');
      await p.getByTestId('with-next-step').click();
      await p.getByTestId('next-step-title').fill('周五再打');
      await p.getByRole('button', { name: /保\s*存/ }).click();
      await p.getByText('周五再打').first().waitFor();
      await shot(p, '10-phone-file');
      await p.goto(`${app.url}/tasks`);
      const item = p.getByTestId('task-item').filter({ hasText: '周五再打' });
      await item.getByRole('button', { name: /标记完成/ }).click();
      await item.waitFor({ state: 'detached' });
      await p.getByText('已完成').click();
      await p.getByTestId('task-item').filter({ hasText: '周五再打' }).waitFor();
      await shot(p, '11-phone-tasks');
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
    } finally {
      await phone.close();
    }
  });

  it('lets the owner add a team, a rep, a source and custom fields, which the customer form then asks for', async () => {
    const pane = page.locator('.ant-tabs-tabpane-active');
    const choose = (select: string, option: string) => chooseOption(page, select, option);
    await page.goto(`${app.url}/settings`);
    await page.getByRole('tab', { name: '团队与部门' }).click();
    await pane.getByLabel('名称').fill('华东组');
    await pane.getByRole('button', { name: /添\s*加/ }).click();
    await pane.getByRole('cell', { name: '华东组' }).waitFor();

    await page.getByRole('tab', { name: '用户' }).click();
    await pane.getByLabel('名称').fill('李销售');
    await pane.getByLabel('邮箱').fill('li@chayuan.example');
    await pane.getByLabel('密码', { exact: true }).fill('another-long-password');
    await pane.getByRole('button', { name: /添\s*加/ }).click();
    await pane.getByRole('cell', { name: 'li@chayuan.example' }).waitFor();

    await page.getByRole('tab', { name: '等级与来源' }).click();
    await pane.getByLabel('代码').fill('douyin');
    await pane.getByLabel('名称').fill('抖音');
    await pane.getByRole('button', { name: /添\s*加/ }).click();
    await pane.getByText('抖音', { exact: true }).waitFor();

    await page.getByRole('tab', { name: '自定义字段' }).click();
    // A key the API refuses: its message shows under the key, and nothing is added.
    await pane.getByLabel('键').fill('Tea Kind');
    await pane.getByLabel('名称').fill('偏好茶类');
    await pane.getByRole('button', { name: /添\s*加/ }).click();
    await pane
      .locator('.ant-form-item-explain-error')
      .filter({ hasText: /格式不正确/ })
      .waitFor();
    await pane.getByLabel('键').fill('tea');
    await choose('类型', '单选');
    await pane.getByLabel('选项（用逗号分隔）').fill('龙井，普洱，白茶');
    await pane.getByRole('button', { name: /添\s*加/ }).click();
    await pane.getByRole('cell', { name: '龙井, 普洱, 白茶' }).waitFor();
    await pane.getByLabel('键').fill('visits');
    await pane.getByLabel('名称').fill('到店次数');
    await choose('类型', '数字');
    await pane.getByRole('button', { name: /添\s*加/ }).click();
    await pane.getByRole('cell', { name: '到店次数' }).waitFor();
    await shot(page, '12-settings-fields-zh');

    await page.goto(`${app.url}/customers/new`);
    await page.getByLabel('姓', { exact: true }).fill('王');
    await page.getByLabel('名', { exact: true }).fill('五');
    await choose('偏好茶类', '普洱');
    await page.getByLabel('到店次数').fill('3');
    await choose('客户来源', '抖音');
    await shot(page, '13-new-customer-custom-zh');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    const profile = page.locator('.ant-descriptions');
    await profile.getByText('偏好茶类').waitFor();
    expect(await profile.textContent()).toMatch(/偏好茶类.*普洱/);
    expect(await profile.textContent()).toMatch(/到店次数.*3/);
    expect(await profile.textContent()).toContain('抖音');
    await shot(page, '14-customer-custom-zh');
    await page.goto(`${page.url()}/print`);
    expect(await page.getByTestId('print-card').textContent()).toMatch(/偏好茶类\s*普洱/);
    // The list filters by the business's own choice field and by purchase recency.
    await page.goto(`${app.url}/customers`);
    await page.getByRole('link', { name: /张三丰/ }).waitFor();
    await choose('偏好茶类', '普洱');
    await page.getByRole('link', { name: /张三丰/ }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /王五/ }).waitFor();
    await choose('购买情况', '30天内购买过');
    await page.getByRole('link', { name: /王五/ }).waitFor({ state: 'detached' });
    await shot(page, '15-list-filters-zh');
    // The timeline speaks the user's language for tasks too: done, or when it is due.
    await page.goto(customerUrl);
    const timeline = page.locator('.ant-timeline');
    await timeline.getByText('周五再打').waitFor();
    expect(await timeline.textContent()).toContain('已完成');
    expect(await timeline.textContent()).not.toMatch(/\bdone\b|T\d\d:\d\d:\d\d/);
  });

  it('records a sale from the catalogue on the file, and archives and restores the file', async () => {
    const pane = page.locator('.ant-tabs-tabpane-active');
    await page.goto(`${app.url}/settings`);
    await page.getByRole('tab', { name: '商品' }).click();
    await pane.getByLabel('名称').fill('龙井 250g');
    await pane.getByLabel('货号').fill('LJ-250');
    await pane.getByLabel('售价').fill('128');
    await pane.getByLabel('成本').fill('60');
    await pane.getByRole('button', { name: /添\s*加/ }).click();
    await pane.getByRole('cell', { name: '¥128.00' }).waitFor();

    await page.goto(customerUrl);
    await page.getByTestId('record-sale').click();
    const dialog = page.getByRole('dialog');
    // A line with neither a product nor a name is refused on the line itself, and nothing is saved.
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请选择商品或输入名称').waitFor();
    await chooseOption(page, '商品', '龙井');
    await dialog.getByText('请选择商品或输入名称').waitFor({ state: 'detached' });
    // The catalogue price fills in, with the currency's decimals.
    expect(await dialog.getByLabel('单价').inputValue()).toBe('128.00');
    await dialog.getByLabel('数量').fill('2');
    await dialog.getByLabel('优惠').fill('10');
    await dialog.getByRole('button', { name: /添加一行/ }).click();
    expect(await dialog.getByLabel('数量').nth(1).inputValue()).toBe('1');
    await dialog.getByLabel('或输入商品名').nth(1).fill('礼盒');
    await dialog.getByLabel('单价').nth(1).fill('20');
    await expect.poll(() => dialog.getByTestId('sale-total').textContent()).toContain('¥266.00');
    await shot(page, '16-record-sale-zh');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    // Toasts render under React 19 (antd's static message needs unstableSetRender).
    await page.getByText('已记录购买').waitFor();
    const purchases = page.locator('.ant-card').filter({ hasText: '购买记录' });
    await expect.poll(() => purchases.textContent()).toContain('¥266.00');
    // One of the two boxes of Longjing comes back: a return against that line, shown in the purchase history.
    await purchases
      .getByTestId('order-row')
      .first()
      .getByRole('button', { name: /退\s*货/ })
      .click();
    const returns = page.getByRole('dialog');
    await returns.getByLabel('退货数量 龙井 250g').fill('1');
    await returns.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已记录退货').waitFor();
    await purchases
      .getByTestId('order-row')
      .filter({ has: page.locator('.ant-tag', { hasText: '退货' }) })
      .waitFor();
    await page.locator('.ant-timeline').getByText('退货 -¥123.00').waitFor();
    await shot(page, '16b-return-zh');

    await page.getByRole('button', { name: /^归\s*档$/ }).click();
    await page.getByRole('button', { name: /取消归档/ }).waitFor();
    await page.goto(`${app.url}/customers`);
    await page.getByRole('link', { name: /王五/ }).waitFor();
    expect(await page.getByRole('link', { name: /张三丰/ }).count()).toBe(0);
    await page.getByRole('checkbox', { name: '已归档' }).check();
    await page.getByRole('link', { name: /张三丰/ }).click();
    await page.getByRole('button', { name: /取消归档/ }).click();
    await page.getByRole('button', { name: /^归\s*档$/ }).waitFor();
  });

  it('finds a duplicate by name and city, merges it field by field, and undoes the merge', async () => {
    for (const notes of ['老客户，爱喝龙井', '展会认识']) {
      await page.goto(`${app.url}/customers/new`);
      await page.getByLabel('姓', { exact: true }).fill('李');
      await page.getByLabel('名', { exact: true }).fill('雷');
      // A Chinese business picks 省 / 市 / 区 (typing searches the divisions).
      await page.getByTestId('china-division').click();
      await page.keyboard.type('杭州');
      await page.locator('.ant-cascader-menu-item', { hasText: '杭州市' }).first().click();
      await page.keyboard.press('Escape');
      await page.getByLabel('备注').fill(notes);
      await page.getByRole('button', { name: /创\s*建/ }).click();
      await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    }
    await page.goto(`${app.url}/customers`);
    await page.getByRole('button', { name: /查\s*重/ }).click();
    const group = page.getByTestId('duplicate-group').filter({ hasText: '李雷 / 杭州' });
    await group.getByText('同名且同城').waitFor();
    await group.getByRole('button', { name: /合\s*并/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('cell', { name: '展会认识' }).waitFor();
    await dialog.getByRole('radio', { name: '展会认识' }).check();
    await shot(page, '17-merge-zh');
    await dialog.getByRole('button', { name: /合\s*并/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await group.waitFor({ state: 'detached' });
    await shot(page, '18-merged-zh');
    await page.getByRole('button', { name: '撤销合并' }).click();
    await page.getByText('已撤销合并').waitFor();
    await page.getByTestId('duplicate-group').filter({ hasText: '李雷 / 杭州' }).waitFor();
  });

  it('speaks Japanese and English in the sale, return and merge dialogs too', async () => {
    for (const [label, lang] of LANGUAGES) {
      await page.goto(customerUrl);
      await setLanguage(page, label);
      for (const open of ['record-sale', 'order-row']) {
        if (open === 'record-sale') await page.getByTestId('record-sale').click();
        else await page.getByTestId('order-row').last().getByRole('button').click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await page.waitForLoadState('networkidle');
        expect(await rawKeysOnScreen(page), `${lang} ${open}`).toEqual([]);
        await shot(page, `19-${lang}-${open}`);
        await dialog.locator('.ant-modal-close').click();
        await dialog.waitFor({ state: 'hidden' });
      }
      await page.goto(`${app.url}/customers/duplicates`);
      await page.getByTestId('duplicate-group').first().getByRole('button').click();
      await page.getByRole('dialog').getByRole('table').first().waitFor(); // side by side, then the fields that differ
      expect(await rawKeysOnScreen(page), `${lang} merge`).toEqual([]);
      await shot(page, `19-${lang}-merge`);
      await page.getByRole('dialog').locator('.ant-modal-close').click();
    }
  });

  it('adds a new person as a contact of an organization, with a bad phone shown on its field first', async () => {
    await page.goto(`${app.url}/customers/new`);
    await page.getByText('企业', { exact: true }).click();
    await page.getByLabel('名称').fill('顶峰茶业有限公司');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: '添加联系人' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓', { exact: true }).fill('赵');
    await dialog.getByLabel('名', { exact: true }).fill('敏');
    await dialog.getByLabel('电话').fill('12');
    await chooseOption(page, '角色', '决策人');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // The API's 422 for body.person.channels.0.value lands under the phone input, and the dialog stays open.
    await dialog.locator('.ant-form-item-has-error').getByLabel('电话').waitFor();
    await dialog.getByLabel('电话').fill('139 1234 5678');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const contacts = page.locator('.ant-card').filter({ hasText: '联系人' });
    await contacts.getByText('赵敏').waitFor();
    expect(await contacts.textContent()).toContain('决策人');
  });
});
