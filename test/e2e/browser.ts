import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { freePort } from '../free-port.ts';

/** The real built app on a fresh data dir, and Debian's Chromium driving it. */
export const root = join(import.meta.dirname, '..', '..');
export const shots = join(root, 'test-results', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export async function startApp(): Promise<Running> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'granary-e2e-'));
  // --build-web rebuilds the app when a web source is newer than the build, as `npm start` does.
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'granary.mjs'), 'serve', '--build-web'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // A server that died (a failed web build) fails the suite at once instead of after the hook's timeout.
  let exited: number | null = null;
  let stopping = false;
  child.once('exit', (code, signal) => {
    exited = code ?? -1;
    if (!stopping) console.error(`granary serve (pid ${child.pid}) exited early: code ${code}, signal ${signal}`);
  });
  for (let i = 0; i < 1800; i++) {
    if (exited !== null) throw new Error(`granary serve exited with ${exited} before it was ready`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (exited !== null) return resolve();
        stopping = true;
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function openBrowser(viewport: { width: number; height: number }): Promise<BrowserContext> {
  mkdirSync(shots, { recursive: true });
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'granary-chrome-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  // A dialog still zooming in would be photographed half-transparent.
  await page.waitForFunction(() => !document.querySelector('[class*="-appear-active"], [class*="-enter-active"]'));
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

type Tree = { [k: string]: string | Tree };
const keys = (t: Tree, prefix = ''): string[] =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
/** Every translation key: none of them may ever show on screen. */
export const I18N_KEYS = keys(JSON.parse(readFileSync(join(root, 'web', 'src', 'i18n', 'en.json'), 'utf8')));

/** Codes the API speaks (audit actions, statuses) that the UI must translate: `customer.archive`, `merge_undo`. */
const CODE_ON_SCREEN =
  /(?<![\w@.])(?:customer|order|task|interaction|user|product|custom_field|unit|tenant)\.[a-z_]+(?![\w@.-])/g;

export async function rawKeysOnScreen(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.textContent);
  return [...I18N_KEYS.filter((k) => k.includes('.') && text.includes(k)), ...(text.match(CODE_ON_SCREEN) ?? [])];
}
