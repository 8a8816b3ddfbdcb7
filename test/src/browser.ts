import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

const CONSOLE_DIR = resolve(import.meta.dirname, '../../apps/console');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Offline, headless, and nothing Chromium would fetch on its own (updates, sync, QUIC probes).
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the console the control API serves (the install step does too; tests must not use a stale one). */
export function buildConsole(): void {
  execFileSync(
    process.execPath,
    [join(CONSOLE_DIR, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: CONSOLE_DIR,
      stdio: 'inherit',
    },
  );
}

/** Debian's Chromium (npm test installs it when missing: scripts/toolchain.mjs). */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install chromium (npm test installs it when run as root)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Serious and critical accessibility violations on the page as it is now (axe-core). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target).join(', ')})`,
    );
}

/** Where the run's screenshots go (test-output/, ignored by git); docs/ keeps a few chosen ones. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-output/console-screenshots');

/** A full-page screenshot; secrets on screen (a key, token or signing secret shown once) are masked. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({
    path,
    fullPage: true,
    mask: [page.locator('pre', { hasText: /qk_|pat_|whsec_/ })],
  });
  return path;
}
