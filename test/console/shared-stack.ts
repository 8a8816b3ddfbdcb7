import { tempDir } from '@quarry/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildConsole, launchChromium } from '../src/browser.ts';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';
import { LOOPBACK_RECEIVERS, startReceiver } from '../src/logs.ts';

/** What every console scenario drives: one embedded stack, one Chromium, one webhook receiver. */
export interface ConsoleStack {
  stack: EmbeddedProcess;
  browser: Browser;
  receiver: Awaited<ReturnType<typeof startReceiver>>;
}

/**
 * Starts a stack for the enclosing describe block, shared by its scenarios: an embedded stack costs
 * ~20 s of CPU to start and a Chromium ~3.5 s, and every scenario signs up its own user and
 * project, so sharing them proves the same. Fields are set by the time tests run.
 */
export function useConsoleStack(): ConsoleStack {
  const shared = {} as ConsoleStack;
  beforeAll(async () => {
    buildConsole();
    shared.receiver = await startReceiver();
    // The webhook receiver is the settings scenarios' loopback server: allowed for this stack only.
    // Generous: on a loaded 2-core machine the first start (migrations, chDB) can take minutes.
    shared.stack = await startEmbedded(await tempDir('console'), 180_000, {
      DESTINATION_ALLOWED_CIDRS: LOOPBACK_RECEIVERS.join(','),
      // As behind a reverse proxy on this machine: a page that says X-Forwarded-For is that client,
      // so scenarios can sign up as other addresses.
      TRUSTED_PROXIES: '127.0.0.1',
    });
    shared.browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await shared.browser?.close();
    if (shared.stack?.child.exitCode === null) await shared.stack.stop();
    await shared.receiver?.close();
  });
  return shared;
}
