import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Running, shot, startApp } from './browser.ts';
import { checkScreen } from './checks.ts';

/**
 * The first hour of a new business, in Chinese, Japanese and English, on a 390 px phone and a 1366 px desk: every
 * main screen is checked for what a newcomer meets — sideways scrolling, words squeezed to one character a line,
 * English on a Chinese or Japanese screen (server errors included), filled inputs that no longer say what they
 * are, and axe-core's serious or critical WCAG 2.1 AA violations. One server, one browser context per size, pages
 * reused.
 */

const OWNER = { name: '王店长', email: 'owner@first-hour.example', password: 'first-hour-password' };
const LANGS = ['zh-CN', 'ja', 'en'] as const;
type Lang = (typeof LANGS)[number];
const SIZES = { desk: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;

class Api {
  cookie = '';
  csrf = '';
  constructor(readonly url: string) {}
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
    return data as T;
  }
}

describe('the first hour, in three languages on a phone and a desk', () => {
  let app: Running;
  const api = { current: null as unknown as Api };
  const ctx: Partial<Record<Size, BrowserContext>> = {};
  const pages: Partial<Record<Size, Page>> = {};
  const data = {
    customerId: '',
    phone: '13912345678',
    latin: new Set<string>(['npx granary demo']) /* a command, not interface text */,
  };

  beforeAll(async () => {
    app = await startApp();
    const a = new Api(app.url);
    api.current = a;
    const setup = await a.call<{ csrfToken: string }>('POST', '/setup', {
      tenant: { name: '西湖茶庄', locale: 'zh-CN', currency: 'CNY', timezone: 'Asia/Shanghai', region: 'CN' },
      owner: OWNER,
    });
    a.csrf = setup.csrfToken;
    const [name, value] = a.cookie.split('=');
    for (const size of Object.keys(SIZES) as Size[]) {
      const c = await openBrowser(SIZES[size]);
      await c.addCookies([{ name, value, url: app.url }]);
      ctx[size] = c;
      pages[size] = c.pages()[0] ?? (await c.newPage());
    }
  });
  afterAll(async () => {
    for (const c of Object.values(ctx)) await c?.close();
    await app?.stop();
  });

  async function switchLanguage(page: Page, lang: Lang) {
    await page.goto(`${app.url}/login`);
    await page.evaluate((l) => localStorage.setItem('granary.lang', l), lang);
  }

  /** Runs every check on the screen as it is now (checks.ts), and photographs it. */
  async function check(page: Page, lang: Lang, size: Size, name: string) {
    await checkScreen(page, lang, `${lang} ${size} ${name}`, data.latin);
    await shot(page, `fh-${size}-${lang}-${name}`);
  }

  it('a new business’s empty customer list says what to do next', async () => {
    for (const size of Object.keys(SIZES) as Size[]) {
      const page = pages[size]!;
      for (const lang of LANGS) {
        await switchLanguage(page, lang);
        await page.goto(`${app.url}/customers`);
        await page.getByTestId('first-customer').waitFor();
        await check(page, lang, size, 'customers-empty');
      }
    }
    // Then the business fills up: Chinese and Japanese customers, a sale, a task.
    const a = api.current;
    const people = [
      { familyName: '伊藤', givenName: '愛', reading: 'いとう あい', grade: 'A', phone: '13800001111' },
      { familyName: '张', givenName: '三丰', grade: 'B', phone: data.phone },
      { familyName: '欧阳', givenName: '娜娜', grade: 'C', phone: '13800003333' },
    ];
    for (const p of people) {
      const c = await a.call<{ id: string; reading: string | null }>('POST', '/customers', {
        kind: 'person',
        familyName: p.familyName,
        givenName: p.givenName,
        reading: p.reading ?? null,
        grade: p.grade,
        channels: [{ kind: 'phone', label: 'mobile', value: p.phone }],
      });
      data.customerId ||= c.id;
      if (c.reading) data.latin.add(c.reading);
    }
    const org = await a.call<{ reading: string | null }>('POST', '/customers', {
      kind: 'organization',
      name: '龙井茶业有限公司',
      channels: [],
    });
    // Readings are the business's data (pinyin for Chinese names), not interface text.
    if (org.reading) data.latin.add(org.reading);
    await a.call('POST', '/orders', {
      customerId: data.customerId,
      orderedAt: new Date().toISOString(),
      lines: [{ name: '龙井 250g', quantity: 2, unitPrice: 12800, discount: 0 }],
    });
    await a.call('POST', '/tasks', {
      title: '回访伊藤',
      dueAt: new Date(Date.now() + 3600_000).toISOString(),
      priority: 'high',
      customerId: data.customerId,
    });
    for (const e of ['owner@first-hour.example']) data.latin.add(e);
  });

  const screensOf = (id: string) =>
    [
      ['home', '/'],
      ['customers', '/customers'],
      ['file', `/customers/${id}`],
      ['new', '/customers/new'],
      ['duplicates', '/customers/duplicates'],
      ['tasks', '/tasks'],
      ['print', `/customers/${id}/print`],
      // Settings, each section: tables become cards on a phone.
      ...['business', 'users', 'teams', 'tokens', 'notifications', 'fields', 'lists', 'products', 'audit', 'jobs'].map(
        (tab) => [`settings-${tab}`, `/settings?tab=${tab}`] as const,
      ),
    ] as const;
  for (const size of Object.keys(SIZES) as Size[])
    for (const lang of LANGS)
      it(`every main screen fits, speaks ${lang} and passes axe at ${SIZES[size].width} px`, async () => {
        const page = pages[size]!;
        await switchLanguage(page, lang);
        for (const [name, path] of screensOf(data.customerId)) {
          await page.goto(`${app.url}${path}`);
          await page.locator('h1').first().waitFor();
          await check(page, lang, size, name);
        }
      });

  it('says a refused duplicate and a missing customer in the user’s language, and announces the error', async () => {
    for (const size of Object.keys(SIZES) as Size[]) {
      const page = pages[size]!;
      for (const lang of LANGS) {
        await switchLanguage(page, lang);
        await page.goto(`${app.url}/customers/new`);
        await page.locator('#familyName').fill('张');
        await page.locator('#givenName').fill('三丰');
        await page.locator('#phone').fill(data.phone);
        await page.locator('form button[type="submit"]').click();
        const toast = page.locator('.ant-message-notice-content');
        await toast.waitFor();
        const said = await toast.textContent();
        expect(said).toContain('张三丰');
        if (lang !== 'en') expect(said).not.toMatch(/[A-Za-z]{3,}/);
        // Screen readers hear it too.
        await expect.poll(() => page.getByTestId('live-assertive').getAttribute('data-said')).toContain('张三丰');
        await check(page, lang, size, 'duplicate-refused');
        await page.goto(`${app.url}/customers/0190a0a0-0000-7000-8000-000000000000`);
        await page.getByTestId('load-error').waitFor();
        const missing = await page.getByTestId('load-error').textContent();
        if (lang !== 'en') expect(missing).not.toMatch(/[A-Za-z]{3,}/);
        await check(page, lang, size, 'not-found');
      }
    }
  });

  it('on a phone the list is cards, and the filters fold into a drawer that counts the active ones', async () => {
    const page = pages.phone!;
    await switchLanguage(page, 'ja');
    await page.goto(`${app.url}/customers`);
    const card = page.getByTestId('customer-card').filter({ hasText: '伊藤' });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/いとう あい.*138/);
    await page.getByTestId('open-filters').click();
    const drawer = page.locator('.ant-drawer-content');
    await drawer
      .locator('.ant-select')
      .filter({ has: page.getByRole('combobox', { name: '顧客ランク', exact: true }) })
      .click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^A$/ }).click();
    await expect.poll(() => page.getByTestId('customer-card').count()).toBe(1);
    await check(page, 'ja', 'phone', 'filters-drawer');
    await page.locator('.ant-drawer-footer .ant-btn-primary').click();
    await expect.poll(() => page.locator('.ant-badge .ant-scroll-number').first().textContent()).toBe('1');
    expect(await page.getByTestId('customer-count').textContent()).toBe('1件');
    await check(page, 'ja', 'phone', 'customers-filtered');
  });

  it('counts the list in the user’s words, with plurals by the language’s rules', async () => {
    const page = pages.desk!;
    await switchLanguage(page, 'en');
    await page.goto(`${app.url}/customers`);
    await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('4 customers');
    await page.getByTestId('customer-search').fill('伊藤');
    await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('1 customer');
    await switchLanguage(page, 'zh-CN');
    await page.goto(`${app.url}/customers`);
    await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('共4位客户');
  });

  it('keeps the sale dialog’s line labels once filled, and opens dialogs on their first field', async () => {
    const page = pages.desk!;
    await switchLanguage(page, 'zh-CN');
    await page.goto(`${app.url}/customers/${data.customerId}`);
    await page.getByTestId('record-sale').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('.ant-modal-body')?.querySelector('input'));
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await dialog.getByLabel('或输入商品名').fill('礼盒');
    await dialog.getByLabel('数量').fill('3');
    await dialog.getByLabel('单价').fill('20');
    await check(page, 'zh-CN', 'desk', 'sale-filled');
    await dialog.locator('.ant-modal-close').click();
  });

  it('moves focus to the new screen’s heading and names the tab after it', async () => {
    const page = pages.desk!;
    await switchLanguage(page, 'ja');
    await page.goto(`${app.url}/`);
    await page.locator('h1').waitFor();
    await page.locator('header').getByRole('link', { name: 'タスク' }).click();
    await page.waitForURL(/\/tasks$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.title()).toBe('タスク · グラナリー');
    // The skip link is the first stop of the keyboard.
    await page.goto(`${app.url}/settings`);
    await page.locator('h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('skip-link');
  });

  it('says a network failure in the user’s language and retries', async () => {
    const page = pages.desk!;
    await switchLanguage(page, 'ja');
    await page.route('**/api/v1/tasks?*', (r) => r.abort('internetdisconnected'));
    await page.goto(`${app.url}/tasks`);
    const note = page.locator('.ant-notification-notice');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.textContent()).toContain('サーバーに接続できません');
    await page.unroute('**/api/v1/tasks?*');
    await note.getByRole('button', { name: '再試行' }).click();
    await page.getByTestId('task-item').filter({ hasText: '回访伊藤' }).waitFor();
    await check(page, 'ja', 'desk', 'network-retried');
  });
});
