import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { root } from './_server.ts';

/** Initial JS: the entry script and every chunk index.html preloads, gzipped. */
export function initialJsGzipKb(): number {
  const dir = join(root, 'dist', 'web');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  return Math.round(files.reduce((s, f) => s + gzipSync(readFileSync(join(dir, f))).length, 0) / 1024);
}

/** A row of the customer list: a table row on a wide screen, a card on a phone. */
const ROW = 'tbody tr.ant-table-row, [data-testid=customer-card]';

/**
 * In headless Chromium, at 1366 × 900 and at 390 × 844: the customer list usable after navigation, and search
 * results after the last keystroke.
 */
export async function measureWeb(url: string, email: string, password: string, queries: string[]) {
  if (!existsSync('/usr/bin/chromium')) return null;
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'granary-bench-chrome-')), {
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1366, height: 900 },
  });
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`${url}/login`);
    await page.locator('input#email').fill(email);
    await page.locator('input#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${url}/`);
    const out: Record<string, unknown> = {};
    for (const [name, viewport] of [
      ['desktop1366', { width: 1366, height: 900 }],
      ['phone390', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      const listMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        await page.goto(`${url}/`);
        await page.waitForLoadState('networkidle');
        const t0 = Date.now();
        await page.goto(`${url}/customers`);
        await page.locator(ROW).first().waitFor();
        listMs.push(Date.now() - t0);
      }
      const searchMs: number[] = [];
      for (const q of queries) {
        const box = page.getByTestId('customer-search');
        await box.fill('');
        await page.waitForLoadState('networkidle');
        await box.pressSequentially(q, { delay: 60 });
        const t0 = Date.now();
        // Results for q: the answer to the last keystroke has arrived and its rows are on screen.
        await page.waitForResponse((r) => r.url().includes(`q=${encodeURIComponent(q)}`) && r.status() === 200);
        await page.locator(ROW).first().waitFor();
        searchMs.push(Date.now() - t0);
      }
      out[name] = {
        listUsableMs: { p50: pct(listMs, 50), max: Math.max(...listMs) },
        searchAfterLastKeyMs: { p50: pct(searchMs, 50), max: Math.max(...searchMs) },
      };
    }
    return out;
  } finally {
    await ctx.close();
  }
}
