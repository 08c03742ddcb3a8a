import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { root } from './browser.ts';

/**
 * What every screen of a browser test is checked for: sideways scrolling, words squeezed to one character a line,
 * English on a Chinese or Japanese screen, filled inputs that no longer say what they are, a missing h1 or a stale
 * <html lang>, and axe-core's serious or critical WCAG 2.1 AA violations.
 */
const AXE = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Latin words a Chinese or Japanese screen may show: brand and channel names, acronyms, paper sizes. */
export const LATIN_OK = new Set(['LINE', 'WeChat', 'English', 'A4', 'A5']);

/** The names and texts of an aria snapshot (`- button "保存"`, `- text: 暂无数据`), without roles, urls and data. */
export function spokenText(snapshot: string, data: Set<string>): string {
  const out: string[] = [];
  for (const line of snapshot.split('\n')) {
    const m = line.match(/^\s*- (\/?[\w-]+)(?: "((?:[^"\\]|\\.)*)")?((?: \[[^\]]*\])*)(?::\s*(.*))?$/);
    if (!m || m[1] === '/url') continue;
    // What is typed or chosen in a field is the business's data ("Asia/Shanghai"), not interface text.
    const value = ['textbox', 'combobox', 'spinbutton', 'searchbox'].includes(m[1]) ? undefined : m[4];
    for (const part of [m[2], value]) if (part) out.push(part.replace(/^"|"$/g, ''));
  }
  let text = out.join('\n');
  for (const d of data) text = text.replaceAll(d, ' ');
  // Emails, and time-zone ids shown beside their local name ("中国标准时间 Asia/Shanghai"), are identifiers.
  return text.replace(/\S+@\S+/g, ' ').replace(/\b[A-Z][a-z]+\/[A-Za-z_/+-]+/g, ' ');
}

export interface Findings {
  overflow: number;
  squeezed: string[];
  unlabelled: string[];
}

/** What the page shows that a user would trip over, measured in the page. */
export function inspect(): Findings {
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  // A text of two characters or more drawn one character a line: 伊/藤/愛 stacked in a squeezed column.
  const squeezed: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent?.replace(/\s+/g, '') ?? '';
    const el = n.parentElement;
    if (text.length < 2 || !el || !visible(el) || el.closest('.sr-only, [aria-hidden="true"]')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const lines = [...range.getClientRects()].filter((r) => r.width > 0);
    const size = Number.parseFloat(getComputedStyle(el).fontSize);
    if (lines.length >= 2 && lines.every((r) => r.width < size * 1.9)) squeezed.push(text.slice(0, 20));
  }
  // A filled input must keep a visible label: a placeholder vanishes once something is typed or chosen.
  const unlabelled: string[] = [];
  const labelText = (el: Element): boolean => {
    const id = el.id;
    if (id && [...document.querySelectorAll(`label[for="${CSS.escape(id)}"]`)].some((l) => visible(l))) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by?.split(/\s+/).some((x) => document.getElementById(x) && visible(document.getElementById(x)!))) return true;
    const wrapper = el.closest('label, .ant-select, .ant-input-affix-wrapper, .ant-picker, .ant-input-number');
    const prefix = wrapper?.querySelector('.ant-select-prefix, .ant-input-prefix, .ant-picker-prefix, .filter-prefix');
    if (prefix?.textContent?.trim()) return true;
    if (el.closest('label')?.textContent?.trim()) return true;
    return !!el.closest('.ant-form-item')?.querySelector('.ant-form-item-label label');
  };
  for (const el of document.querySelectorAll('input, textarea')) {
    const input = el as HTMLInputElement;
    if (
      ['hidden', 'checkbox', 'radio', 'search'].includes(input.type) ||
      !visible(input.closest('.ant-select') ?? input)
    )
      continue;
    const select = input.closest('.ant-select');
    const filled = select ? !!select.querySelector('.ant-select-selection-item') : input.value.trim() !== '';
    if (filled && !labelText(input))
      unlabelled.push(
        input.getAttribute('aria-label') ?? input.placeholder ?? input.id ?? input.outerHTML.slice(0, 60),
      );
  }
  return { overflow: document.documentElement.scrollWidth - window.innerWidth, squeezed, unlabelled };
}

/**
 * Runs every check on the screen as it is now. `where` names it in failures ("ja phone jobs"); `latin` holds the
 * business's own data and identifiers that may be Latin on a CJK screen (readings, emails, commands).
 */
export async function checkScreen(page: Page, lang: string, where: string, latin: Set<string>): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.ant-skeleton, .ant-spin-spinning'));
  await page.waitForFunction(() => !document.querySelector('[class*="-appear-active"], [class*="-enter-active"]'));
  // A drawer or dialog closing fades out; a toast may take its time, so this wait is bounded.
  await page
    .waitForFunction(() => !document.querySelector('[class*="-leave-active"]:not([class*="ant-message"])'), undefined, {
      timeout: 3000,
    })
    .catch(() => {});
  const found = await page.evaluate(inspect);
  expect(found.overflow, `${where}: scrolls sideways`).toBeLessThanOrEqual(1);
  expect(found.squeezed, `${where}: text squeezed to one character a line`).toEqual([]);
  expect(found.unlabelled, `${where}: filled inputs without a visible label`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.lang), `${where}: <html lang>`).toBe(lang);
  expect(await page.locator('h1').count(), `${where}: one h1`).toBe(1);
  if (lang !== 'en') {
    // What a screen reader reads (text and accessible names, from the accessibility tree), less the
    // business's own data and emails.
    const spoken = spokenText(await page.locator('body').ariaSnapshot(), latin);
    const urlFree = (spoken.match(/[A-Za-z][A-Za-z'’]{2,}(?:[ -][A-Za-z][A-Za-z'’]+)*/g) ?? []).filter(
      (w) => !LATIN_OK.has(w) && !/^[A-Z0-9]{2,4}$/.test(w),
    );
    expect(urlFree, `${where}: English on the screen`).toEqual([]);
  }
  // Evaluated, not a script tag: the app's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: never[] }> } })
      .axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return (
      r.violations as {
        id: string;
        impact: string;
        help: string;
        nodes: { target: string[]; failureSummary: string }[];
      }[]
    )
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
      );
  });
  expect(violations, `${where}: axe`).toEqual([]);
}
