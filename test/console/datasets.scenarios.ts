import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleDriver, CONSOLE_WAIT as WAIT } from '../src/console-driver.ts';
import type { EmbeddedProcess } from '../src/index.ts';
import type { ConsoleStack } from './shared-stack.ts';

const run = promisify(execFile);
/** Its pages sign up from documentation addresses (RFC 5737), one each: 198.51.100.1, .2, … */
const DATASETS_CLIENT_ADDRESSES = '198.51.100.';
// Each scenario drives a real browser through several pages: minutes on a loaded 2-core machine.
const SCENARIO_MS = 240_000;

/** Sign-up to explore, schema errors, sessions and project isolation, on the file's shared stack. */
export const describeDatasetScenarios = (shared: ConsoleStack) =>
  describe('the web console, in Chromium, on the embedded stack', () => {
    let stack: EmbeddedProcess;
    let browser: Browser;
    const password = 'correct horse battery';
    const driver = consoleDriver(
      () => browser,
      () => stack.bootstrap.controlUrl,
      password,
      DATASETS_CLIENT_ADDRESSES,
    );
    const { url, newPage, email, typeInto, pressButton, followLink, signUp, createProject, accessible } =
      driver;

    beforeAll(() => {
      ({ stack, browser } = shared);
    });
    afterAll(async () => {
      await driver.close();
    });

    const createDataset = async (page: Page, slug: string, name: string) => {
      await page.goto(url(`/p/${slug}/datasets`));
      await typeInto(page, 'Dataset name', name);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/datasets\/\d+$/, WAIT);
    };

    it(
      'a new user signs up, creates a project and a dataset, registers a schema, sends records with the snippet curl, and sees them in the table and the chart — by keyboard',
      async () => {
        const page = await newPage();
        await page.goto(url('/'));
        await page.waitForURL(/\/sign-in$/, WAIT);
        await accessible(page, '01-sign-in');
        await followLink(page, 'Create an account');
        await page.waitForURL(/\/sign-up$/, WAIT);
        await accessible(page, '02-sign-up');
        await signUp(page, email());
        await accessible(page, '03-new-project');
        const slug = `shop-${Date.now().toString(36)}`;
        await createProject(page, slug);
        await accessible(page, '04-overview');

        await followLink(page, 'Datasets');
        await page.waitForURL(/\/datasets$/, WAIT);
        await accessible(page, '05-datasets');
        await typeInto(page, 'Dataset name', 'Orders');
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/datasets\/\d+$/, WAIT);
        await page.getByText('A schema cannot be changed once registered').waitFor(WAIT);
        await typeInto(page, 'Field 1 name', 'country');
        await pressButton(page, 'Add field');
        await typeInto(page, 'Field 2 name', 'amount');
        await typeInto(page, 'Field 2 type', 'number');
        await accessible(page, '06-schema-form');
        await pressButton(page, 'Register schema');
        await page.getByRole('heading', { name: 'Send records' }).waitFor(WAIT);

        await pressButton(page, 'Create an ingest key');
        await page.getByRole('status').filter({ hasText: 'Key created' }).waitFor(WAIT);
        const curl = await page.getByRole('figure').filter({ hasText: /^curl/ }).locator('pre').textContent();
        expect(curl).toContain(`${stack.bootstrap.ingestUrl}/datasets/`);
        expect(curl).toMatch(/Bearer qk_/);
        for (let sent = 0; sent < 2; sent++) {
          const { stdout } = await run('sh', ['-c', `${curl} --silent --show-error`]);
          expect(JSON.parse(stdout)).toEqual({ success: true, status: 'queued' });
        }
        // The page polls: the records appear once the writer stored them.
        await page.getByRole('region', { name: 'Newest first' }).getByText('example').first().waitFor(WAIT);
        await page.getByTestId('rows').filter({ hasText: /^2$/ }).waitFor(WAIT);
        await accessible(page, '07-dataset');

        await followLink(page, 'Explore this dataset');
        await page.waitForURL(/\/explore/, WAIT);
        await pressButton(page, 'Run query');
        await page.waitForURL(/[?&]q=/, WAIT);
        const chart = page.getByRole('img', { name: /^Chart of/ });
        await chart.locator('canvas').first().waitFor(WAIT);
        expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(24);
        const table = page.getByRole('region', { name: /rows/ });
        await table.getByRole('cell', { name: '2', exact: true }).waitFor(WAIT);
        await accessible(page, '08-explore');

        // The URL alone reproduces the view.
        const link = page.url();
        const again = await page.context().newPage();
        await again.goto(link);
        await again
          .getByRole('region', { name: /rows/ })
          .getByRole('cell', { name: '2', exact: true })
          .waitFor(WAIT);

        // Grouped without a time bucket, the result is drawn as one bar per group: each bar whole,
        // centred in its slot, the first and last ones too.
        const other = curl?.replace('"example"', '"other"') ?? '';
        expect(JSON.parse((await run('sh', ['-c', `${other} --silent --show-error`])).stdout)).toEqual({
          success: true,
          status: 'queued',
        });
        // The router keeps `q`, the explore state's JSON, as a JSON string.
        const grouped = new URL(link);
        const state = JSON.parse(JSON.parse(grouped.searchParams.get('q') ?? '""')) as object;
        const groupedState = { ...state, bucket: 'none', groupBy: ['country'] };
        grouped.searchParams.set('q', JSON.stringify(JSON.stringify(groupedState)));
        await expect
          .poll(async () => {
            await again.goto(grouped.toString());
            const bars = again.getByRole('img', { name: /^Chart of/ });
            await bars.locator('canvas').first().waitFor(WAIT);
            return bars.getAttribute('data-points');
          }, WAIT)
          .toBe('2');
        // Two groups: "example" with 2 records, "other" with 1; bars rise from zero.
        const [example, otherBar, ...more] = await barsDrawn(again);
        expect(more).toEqual([]);
        expect(example?.centre).toBeCloseTo(0.25, 1);
        expect(otherBar?.centre).toBeCloseTo(0.75, 1);
        expect((otherBar?.height ?? 0) / (example?.height ?? 1)).toBeCloseTo(0.5, 1);
        await accessible(again, '09-explore-bars');
      },
      SCENARIO_MS,
    );

    it(
      "a wrong field type in the schema form shows the API's message, and keeps what was typed",
      async () => {
        const page = await newPage();
        await signUp(page, email());
        const slug = `types-${Date.now().toString(36)}`;
        await createProject(page, slug);
        await createDataset(page, slug, 'Payments');
        await typeInto(page, 'Field 1 name', 'amount');
        await typeInto(page, 'Field 1 type', 'integer');
        await pressButton(page, 'Register schema');
        const alert = page.getByRole('alert');
        await alert.waitFor(WAIT);
        expect(await alert.textContent()).toBe('Invalid field type for amount: integer');
        expect(await page.getByLabel('Field 1 type', { exact: true }).inputValue()).toBe('integer');
        await accessible(page, '09-schema-error');
      },
      SCENARIO_MS,
    );

    it(
      'a session that ended (signed out elsewhere, expired) returns to sign-in',
      async () => {
        const page = await newPage();
        await signUp(page, email());
        const [cookie] = await page.context().cookies();
        expect(cookie?.name).toBe('quarry_session');
        expect(cookie?.httpOnly).toBe(true);
        expect(cookie?.sameSite).toBe('Lax');
        expect(await page.evaluate('JSON.stringify(localStorage)')).toBe('{}');
        // Sign out with the same cookie from elsewhere, then put the dead cookie back in this browser.
        const origin = new URL(stack.bootstrap.controlUrl).origin;
        const out = await page.request.delete(url('/api/auth/session'), { headers: { origin } });
        expect(out.status()).toBe(204);
        if (cookie) await page.context().addCookies([cookie]);
        await page.goto(url('/projects/new'));
        await page.waitForURL(/\/sign-in$/, WAIT);
      },
      SCENARIO_MS,
    );

    it(
      "a member of project A cannot open project B's pages or API",
      async () => {
        const other = await newPage();
        await signUp(other, email());
        const hidden = `hidden-${Date.now().toString(36)}`;
        await createProject(other, hidden);
        await createDataset(other, hidden, 'Secrets');
        const hiddenDataset = new URL(other.url()).pathname;

        const page = await newPage();
        await signUp(page, email());
        await createProject(page, `mine-${Date.now().toString(36)}`);
        expect(await page.getByRole('navigation', { name: 'Projects' }).textContent()).not.toContain(hidden);
        for (const path of [`/p/${hidden}`, `/p/${hidden}/datasets`, hiddenDataset]) {
          await page.goto(url(path));
          await page.getByRole('alert').filter({ hasText: 'Project not found' }).first().waitFor(WAIT);
        }
        await accessible(page, '10-not-found');
        await page.goto(url('/no-such-page'));
        await page.getByRole('heading', { name: 'Page not found' }).waitFor(WAIT);
        await followLink(page, 'Back to your projects');
        await page.waitForURL(/\/(p\/[^/]+)?$/, WAIT);
        for (const path of [
          `/api/projects/${hidden}`,
          `/api/datasets/${hidden}`,
          `/api/projects/${hidden}/usage`,
        ]) {
          expect((await page.request.get(url(path))).status(), path).toBe(404);
        }
      },
      SCENARIO_MS,
    );
  });

/**
 * The explore chart's bars as drawn: each bar's centre as a fraction of the plot's width, and its
 * height in pixels. A bar is a run of adjacent columns of the plot area (uPlot's `.u-over`) holding
 * pixels of the first series' fill (#1f6feb, translucent: the canvas keeps its alpha).
 */
function barsDrawn(page: Page): Promise<Array<{ centre: number; height: number }>> {
  return page.getByRole('img', { name: /^Chart of/ }).evaluate((element) => {
    const canvas = element.querySelector('canvas');
    const over = element.querySelector('.u-over')?.getBoundingClientRect();
    const context = canvas?.getContext('2d');
    if (!canvas || !over || !context) return [];
    const box = canvas.getBoundingClientRect();
    const scale = canvas.width / box.width;
    const left = Math.round((over.left - box.left) * scale);
    const top = Math.round((over.top - box.top) * scale);
    const width = Math.round(over.width * scale);
    const height = Math.round(over.height * scale);
    const pixels = context.getImageData(left, top, width, height).data;
    const barRows = (x: number) => {
      let rows = 0;
      for (let y = 0; y < height; y++) {
        const at = (y * width + x) * 4;
        const [red = 0, blue = 0, alpha = 0] = [pixels[at], pixels[at + 2], pixels[at + 3]];
        if (alpha > 0 && blue - red > 100) rows++;
      }
      return rows;
    };
    const bars: Array<{ centre: number; height: number }> = [];
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const bar = x < width && barRows(x) > 0;
      if (bar && start < 0) start = x;
      if (!bar && start >= 0) {
        bars.push({ centre: (start + x) / 2 / width, height: barRows(Math.floor((start + x) / 2)) });
        start = -1;
      }
    }
    return bars;
  });
}
