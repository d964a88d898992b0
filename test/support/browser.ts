// Browser test support: Debian's Chromium driven by playwright-core (Playwright's own browser download cannot
// work here), pages in fresh contexts (one per signed-in person, as @axe-core/playwright needs), sign-in
// through the portal's own screen, an axe check that fails on serious or critical violations, screenshots
// under .local/screenshots (git-ignored), and a guard that the page never trips the CSP or logs an error.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { ApprovalDriver } from '#infra/local/driver';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(chromiumPath);
export const screenshotDir = join(process.cwd(), '.local', 'screenshots');

export const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // The browser's own words (the file picker's button) in the portal's default language.
  '--lang=zh-CN',
  // Date and date-time inputs drawn in the format of the page's `lang` (zh-CN: yyyy/mm/dd), as a browser whose own
  // language is Chinese draws them. Without it, Debian's Chromium (its en-US locale only) shows mm/dd/yyyy
  // whatever the page's language.
  '--enable-blink-features=LangAttributeAwareFormControlUI',
  '--disable-dev-shm-usage',
];

/**
 * The runtime and the Chromium every browser test file shares (started by browser-setup.ts): the portal's URL,
 * a driver of its API, and a connection to the one browser. Closing the connection leaves the browser running
 * for the next file.
 */
export async function browserSession(): Promise<{
  runtime: { url: string };
  drive: ApprovalDriver;
  browser: Browser;
}> {
  const url = inject('portalUrl');
  const browser = await chromium.connect(inject('browserEndpoint'));
  return { runtime: { url }, drive: ApprovalDriver.at(url), browser };
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Console errors (CSP refusals included) and uncaught exceptions seen so far. */
  problems: string[];
}

/** A fresh browser context (own session storage) signed in as a demo user through the sign-in screen. */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  userId: string,
  options: { language?: 'zh-CN' | 'en'; phone?: boolean } = {},
): Promise<Person> {
  const person = await visitor(browser, baseUrl, options);
  const { page } = person;
  await page.goto('/');
  // The user id, then the description (or nothing): officer.natural-resources is not officer.natural-resources.2.
  await page.getByRole('radio', { name: new RegExp(`^${escape(userId)}( |$)`) }).check();
  await page
    .getByRole('button', { name: options.language === 'en' ? 'Sign in' : '登录', exact: true })
    .click();
  await page.waitForURL((url) => !url.hash.startsWith('#/sign-in'));
  return person;
}

/** A fresh browser context nobody signed in to: an anonymous visitor of the public pages. */
export async function visitor(
  browser: Browser,
  baseUrl: string,
  options: { language?: 'zh-CN' | 'en'; phone?: boolean } = {},
): Promise<Person> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: options.language ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  if (options.language === 'en') {
    await context.addInitScript(() => localStorage.setItem('ow.language', 'en'));
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // A 4xx the portal handles (a refused field, the 403 page) is logged by Chromium as a failed load; those
    // are the flows under test. Everything else logged as an error is a problem, CSP refusals included.
    if (
      message.type() === 'error' &&
      !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
    )
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** No serious or critical axe violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  // Let fonts and the last render settle before the picture is taken.
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.screenshot({ path, fullPage: true });
  return path;
}
