import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

export const CONSOLE_WAIT = { timeout: 30_000 };

/**
 * Drives the console the way a keyboard user does (labelled fields, named buttons and links) on
 * one running stack; contexts it opens are closed by `close()`.
 */
export function consoleDriver(
  browser: () => Browser,
  controlUrl: () => string,
  password: string,
  /**
   * For a stack that trusts loopback as a proxy: each page claims its own client address
   * (X-Forwarded-For), this prefix and a number. Sign-in is throttled per address (5 a minute, burst
   * 5) and every sign-up signs in: six owners from one address inside 12 s got a 429, and the
   * sixth sign-up never left its page (one CI run of four).
   */
  addressPrefix?: string,
) {
  const contexts: BrowserContext[] = [];
  let counter = 0;
  const url = (path: string) => `${controlUrl()}${path}`;
  const typeInto = async (page: Page, label: string, text: string) => {
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
  };
  return {
    url,
    typeInto,
    email: (prefix = 'console') => `${prefix}-${Date.now().toString(36)}-${++counter}@example.com`,
    async newPage() {
      const address = addressPrefix ? `${addressPrefix}${contexts.length + 1}` : undefined;
      const context = await browser().newContext({
        viewport: { width: 1280, height: 900 },
        ...(address ? { extraHTTPHeaders: { 'x-forwarded-for': address } } : {}),
      });
      contexts.push(context);
      return context.newPage();
    },
    /** A screenshot of the page as it is, and no serious or critical axe violation on it. */
    async accessible(page: Page, name: string) {
      await screenshot(page, name);
      expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    },
    async pressButton(page: Page, name: string) {
      await page.getByRole('button', { name, exact: true }).focus();
      await page.keyboard.press('Enter');
    },
    async followLink(page: Page, name: string) {
      await page.getByRole('link', { name, exact: true }).first().focus();
      await page.keyboard.press('Enter');
    },
    async signUp(page: Page, address: string) {
      await page.goto(url('/sign-up'));
      await typeInto(page, 'Email', address);
      await typeInto(page, 'Password', password);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/projects\/new$/, CONSOLE_WAIT);
    },
    async createProject(page: Page, slug: string) {
      await typeInto(page, 'Slug', slug);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/p/${slug}$`), CONSOLE_WAIT);
    },
    async close() {
      for (const context of contexts) await context.close();
    },
  };
}
