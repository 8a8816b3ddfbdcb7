import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../src/browser.ts';
import type { EmbeddedProcess } from '../src/index.ts';
import { waitUntil } from '../src/logs.ts';
import type { ConsoleStack } from './shared-stack.ts';

const WAIT = { timeout: 30_000 };
// Each scenario drives a real browser through several steps: minutes on a loaded 2-core machine.
const SCENARIO_MS = 240_000;

/** The log explorer over a project of its own with known logs, on the file's shared stack. */
export const describeLogScenarios = (shared: ConsoleStack) =>
  describe('the log explorer, in Chromium, on the embedded stack', () => {
    let stack: EmbeddedProcess;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let slug: string;
    let ingestKey: string;
    const url = (path: string) => `${stack.bootstrap.controlUrl}${path}`;

    /** Sends logs as an application would: through the gateway's /v1/logs with an ingest key. */
    const sendLogs = async (events: Array<Record<string, unknown>>) => {
      const response = await fetch(`${stack.bootstrap.ingestUrl}/v1/logs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      expect(response.status, await response.clone().text()).toBe(202);
    };
    /** How many events the log search API finds for `search`, as the signed-in page's session. */
    const eventsFound = async (search: Record<string, unknown>) => {
      const origin = new URL(stack.bootstrap.controlUrl).origin;
      const found = await page.request.post(url(`/api/logs/${slug}/search`), {
        data: search,
        headers: { origin },
      });
      return ((await found.json()) as { events?: unknown[] }).events?.length;
    };
    const list = () => page.getByRole('region', { name: 'Events, newest first' });
    const rowsShown = async () => Number(await list().getAttribute('data-rows'));
    // Polled rather than awaited as a locator, so that a timeout reports the state the tail was in.
    const tailShows = (state: 'live' | 'paused') =>
      expect
        .poll(async () => (await page.getByRole('status').allTextContents()).join(' | '), WAIT)
        .toMatch(new RegExp(`^Live tail: ${state}`));
    const accessible = async (name: string) => {
      await screenshot(page, name);
      expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    };

    // Sent once, a few minutes ago: what the facets, the histogram and the filters are checked against.
    const SENT = [
      ...Array.from({ length: 6 }, (_v, index) => ({
        level: 'info',
        message: `checkout ${index}`,
        metadata: { userId: 100 + (index % 2) * 23 },
      })),
      ...Array.from({ length: 3 }, (_v, index) => ({
        level: 'warn',
        message: `slow ${index}`,
        metadata: { userId: 123 },
        env: 'prod',
      })),
      {
        level: 'error',
        message: 'payment failed',
        metadata: { userId: 7, card: { brand: 'visa' } },
        env: 'prod',
        source: 'billing',
      },
      { level: 'debug', message: 'cache miss', env: 'staging' },
    ];

    beforeAll(async () => {
      ({ stack, browser } = shared);
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      const origin = new URL(stack.bootstrap.controlUrl).origin;
      const email = `logs-${Date.now().toString(36)}@example.com`;
      const session = { email, password: 'correct horse battery' };
      expect((await page.request.post(url('/api/auth/signup'), { data: session })).status()).toBe(201);
      expect(
        (await page.request.post(url('/api/auth/session'), { data: session, headers: { origin } })).status(),
      ).toBe(200);
      slug = `logs-${Date.now().toString(36)}`;
      const project = await page.request.post(url('/api/projects'), {
        data: { slug, name: slug },
        headers: { origin },
      });
      expect(project.status(), await project.text()).toBe(201);
      const key = await page.request.post(url(`/api/projects/${slug}/keys`), {
        data: { name: 'app' },
        headers: { origin },
      });
      ingestKey = ((await key.json()) as { apiKey: string }).apiKey;
      const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
      await sendLogs(SENT.map((event, index) => ({ ...event, timestamp: minutesAgo(20 - index) })));
      // Stored by the writer shortly after the 202: poll the search API until all of them are there.
      await waitUntil(async () => (await eventsFound({})) === SENT.length, 60_000, 'the sent logs stored');
    }, 300_000);
    afterAll(async () => {
      await context?.close();
    });

    it(
      "counts each level as sent, and the histogram's total equals the count, over the whole range",
      async () => {
        await page.goto(url(`/p/${slug}`));
        await page.getByRole('link', { name: 'Logs', exact: true }).click();
        await page.waitForURL(/\/logs/, WAIT);
        await page.getByLabel('Time range').selectOption('1h');
        await page.waitForURL(/range=1h/, WAIT);
        const chart = page.getByRole('img', { name: /^Log volume by level/ });
        await chart.locator('canvas').first().waitFor(WAIT);
        await page.getByTestId('level-count-info').filter({ hasText: /^6$/ }).waitFor(WAIT);
        const counts: Record<string, string | null> = {};
        for (const level of ['debug', 'info', 'warn', 'error']) {
          counts[level] = await page.getByTestId(`level-count-${level}`).textContent();
        }
        expect(counts).toEqual({ debug: '1', info: '6', warn: '3', error: '1' });
        expect(await chart.getAttribute('data-total')).toBe(String(SENT.length));
        expect(await chart.getAttribute('data-sum')).toBe(String(SENT.length));
        expect(await page.getByTestId('log-count').textContent()).toBe(String(SENT.length));
        await list().getByText('cache miss').waitFor(WAIT);
        expect(await rowsShown()).toBe(SENT.length);
        await accessible('11-logs');
      },
      SCENARIO_MS,
    );

    it(
      'a metadata filter narrows the list, and so do levels, exclusions, env and source, all kept in the URL',
      async () => {
        await page.goto(url(`/p/${slug}/logs?range=1h`));
        await list().getByText('cache miss').waitFor(WAIT);
        await page.getByLabel('Metadata filter', { exact: true }).fill('metadata.userId = 123');
        await page.keyboard.press('Enter');
        await page.waitForURL(/filter=/, WAIT);
        await expect.poll(rowsShown, WAIT).toBe(6);
        expect(await list().getByText('payment failed').count()).toBe(0);

        // Only warnings: one click on a level facet.
        await page.getByRole('checkbox', { name: /^info/ }).uncheck();
        await page.getByRole('checkbox', { name: /^debug/ }).uncheck();
        await page.getByRole('checkbox', { name: /^error/ }).uncheck();
        await expect.poll(rowsShown, WAIT).toBe(3);

        // The link alone reproduces the view.
        const again = await context.newPage();
        await again.goto(page.url());
        await expect
          .poll(
            async () =>
              Number(
                await again.getByRole('region', { name: 'Events, newest first' }).getAttribute('data-rows'),
              ),
            WAIT,
          )
          .toBe(3);
        await again.close();

        // Expand an event: its metadata as JSON, and "exclude this value" from it.
        await page.goto(url(`/p/${slug}/logs?range=1h`));
        await list()
          .getByRole('button', { name: /payment failed/ })
          .click();
        await list().getByText('"brand": "visa"').waitFor(WAIT);
        await accessible('12-logs-event');
        await list().getByRole('button', { name: 'Exclude card.brand' }).click();
        await page.waitForURL(/filter=/, WAIT);
        await expect.poll(rowsShown, WAIT).toBe(SENT.length - 1);
        await page.getByRole('button', { name: 'Remove filter card.brand != visa' }).click();
        await expect.poll(rowsShown, WAIT).toBe(SENT.length);

        // Env and source: the choices come with their counts.
        await page.getByLabel('Env', { exact: true }).selectOption({ label: 'prod (4)' });
        await page.waitForURL(/env=prod/, WAIT);
        await expect.poll(rowsShown, WAIT).toBe(4);
        await page.getByLabel('Source', { exact: true }).selectOption({ label: 'billing (1)' });
        await expect.poll(rowsShown, WAIT).toBe(1);
      },
      SCENARIO_MS,
    );

    it(
      'shows the events around one, zooms by dragging on the histogram, and downloads the matches',
      async () => {
        await page.goto(url(`/p/${slug}/logs?range=1h`));
        await list()
          .getByRole('button', { name: /slow 1/ })
          .click();
        await list().getByRole('button', { name: 'Show context' }).click();
        const around = page.getByRole('region', { name: 'Events around it, newest first' });
        await around.getByText('slow 0').waitFor(WAIT);
        await around.getByText('slow 2').waitFor(WAIT);

        const ndjson = await page.request.get(
          url((await page.getByRole('link', { name: 'Download NDJSON' }).getAttribute('href')) ?? ''),
        );
        expect(ndjson.status()).toBe(200);
        expect((await ndjson.text()).trim().split('\n')).toHaveLength(SENT.length);
        const csv = await page.request.get(
          url((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')) ?? ''),
        );
        expect((await csv.text()).split('\n')[0]).toBe(
          'id,timestamp,level,message,env,source,traceId,ingestedAt,metadata',
        );

        const plot = page.locator('.volume .u-over');
        const box = await plot.boundingBox();
        if (!box) throw new Error('no histogram');
        await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 5 });
        await page.mouse.up();
        await page.waitForURL(/from=.*to=/, WAIT);
        // The last 20 minutes' half of the hour holds every event sent.
        await expect.poll(rowsShown, WAIT).toBe(SENT.length);
        await page.getByRole('button', { name: 'Zoom out' }).waitFor(WAIT);
      },
      SCENARIO_MS,
    );

    it(
      'live tail: logs sent through /v1/logs appear within 2 s while the page is open; pause holds them until resume and frees the stream',
      async () => {
        await page.goto(url(`/p/${slug}/logs?range=15m`));
        await page.getByRole('button', { name: 'Start live tail' }).click();
        await tailShows('live');
        const started = Date.now();
        await sendLogs([{ level: 'error', message: 'tailed right now', metadata: { userId: 123 } }]);
        await list().getByText('tailed right now').waitFor(WAIT);
        const seenAfterMs = Date.now() - started;
        console.log(`live tail: shown ${seenAfterMs} ms after the send`);
        expect(seenAfterMs).toBeLessThan(2_000);
        await accessible('13-logs-live');

        await page.getByRole('button', { name: 'Pause live tail' }).click();
        await tailShows('paused');
        await sendLogs([{ message: 'sent while paused' }]);
        // Held back while paused: the page shows nothing new until resumed.
        await expect.poll(() => eventsFound({ text: 'sent while paused' }), WAIT).toBe(1);
        expect(await list().getByText('sent while paused').count()).toBe(0);
        await page.getByRole('button', { name: 'Resume live tail' }).click();
        await list().getByText('sent while paused').waitFor(WAIT);

        // Each pause closes the stream and frees its slot on the server (at most 5 open per user):
        // six more pauses and resumes all go live again.
        for (let round = 0; round < 6; round++) {
          await page.getByRole('button', { name: 'Pause live tail' }).click();
          await tailShows('paused');
          await page.getByRole('button', { name: 'Resume live tail' }).click();
          await tailShows('live');
        }
      },
      SCENARIO_MS,
    );

    it(
      "draws the newest bucket's bar: an event sent a moment ago shows in the histogram",
      async () => {
        const message = `just now ${Date.now().toString(36)}`;
        await sendLogs([{ level: 'warn', message }]);
        await expect.poll(() => eventsFound({ text: message }), WAIT).toBe(1);
        // Filtered to that one event, which lies in the newest 30 s bucket of the hour (or the one
        // before, should a bucket's end pass meanwhile): its bar, in the warn color, must be drawn.
        await page.goto(url(`/p/${slug}/logs?range=1h&text=${encodeURIComponent(message)}`));
        const chart = page.getByRole('img', { name: /^Log volume by level/ });
        await expect.poll(() => chart.getAttribute('data-sum'), WAIT).toBe('1');
        const warnPixels = async () =>
          (await columnsOf(chart, WARN_RGB)).reduce((sum, column) => sum + column, 0);
        await expect.poll(warnPixels, WAIT).toBeGreaterThan(0);
      },
      SCENARIO_MS,
    );

    it(
      'draws bars from zero: with every level in every bucket, a debug count of one stands half as tall as two',
      async () => {
        // Four 1 s buckets of an hour ago, each holding every level (twice in the first): uPlot fits
        // its value scale to the values unless told, and the lowest stacked series (debug) never
        // reaching zero, it drew the debug counts of one as slivers against the one of two.
        const marker = `from zero ${Date.now().toString(36)}`;
        const from = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
        const events = [0, 0, 1, 2, 3].flatMap((second) =>
          ['debug', 'info', 'warn', 'error'].map((level) => ({
            level,
            message: marker,
            timestamp: new Date(from + second * 1_000 + 500).toISOString(),
          })),
        );
        await sendLogs(events);
        const range = { from: new Date(from).toISOString(), to: new Date(from + 3_999).toISOString() };
        await expect.poll(() => eventsFound({ text: marker, range }), WAIT).toBe(events.length);
        await page.goto(url(`/p/${slug}/logs?${new URLSearchParams({ ...range, text: marker })}`));
        const chart = page.getByRole('img', { name: /^Log volume by level/ });
        await expect.poll(() => chart.getAttribute('data-sum'), WAIT).toBe(String(events.length));
        const heights = (await columnsOf(chart, DEBUG_RGB)).filter((column) => column > 0);
        expect(Math.min(...heights) / Math.max(...heights)).toBeCloseTo(0.5, 1);
      },
      SCENARIO_MS,
    );
  });

// LEVEL_COLORS of the volume chart: warn #9a6700, debug #6e7781.
const WARN_RGB = [0x9a, 0x67, 0x00] as const;
const DEBUG_RGB = [0x6e, 0x77, 0x81] as const;

/** For each column of the volume chart's canvas, how many of its pixels are of the color (opaque). */
function columnsOf(chart: Locator, rgb: readonly [number, number, number]): Promise<number[]> {
  return chart.evaluate((element, [red, green, blue]) => {
    const canvas = element.querySelector('canvas');
    const image = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    const columns = new Array<number>(canvas?.width ?? 0).fill(0);
    for (let i = 0; i < (image?.length ?? 0); i += 4) {
      const column = (i / 4) % columns.length;
      if (image?.[i] === red && image[i + 1] === green && image[i + 2] === blue && image[i + 3] === 255)
        columns[column] = (columns[column] ?? 0) + 1;
    }
    return columns;
  }, rgb);
}
