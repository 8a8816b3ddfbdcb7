import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleDriver, CONSOLE_WAIT as WAIT } from '../src/console-driver.ts';
import type { EmbeddedProcess } from '../src/index.ts';
import { type startReceiver, waitUntil } from '../src/logs.ts';
import type { ConsoleStack } from './shared-stack.ts';

/** Its pages sign up from documentation addresses (RFC 5737), one each: 192.0.2.1, .2, … */
const SETTINGS_CLIENT_ADDRESSES = '192.0.2.';

// Each scenario drives a real browser through several pages: minutes on a loaded 2-core machine.
const SCENARIO_MS = 240_000;

/** Keys, destination, roles and profile settings, on the file's shared stack (loopback receivers allowed). */
export const describeSettingsScenarios = (shared: ConsoleStack) =>
  describe('project settings in the web console, in Chromium, on the embedded stack', () => {
    let stack: EmbeddedProcess;
    let browser: Browser;
    const password = 'correct horse battery';
    // Its users sign up from addresses of their own, apart from the other areas' loopback.
    const driver = consoleDriver(
      () => browser,
      () => stack.bootstrap.controlUrl,
      password,
      SETTINGS_CLIENT_ADDRESSES,
    );
    const { url, typeInto, pressButton, followLink, accessible } = driver;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    beforeAll(() => {
      ({ stack, browser, receiver } = shared);
    });
    afterAll(async () => {
      await driver.close();
    });

    const ingest = (apiKey: string) =>
      fetch(`${stack.bootstrap.ingestUrl}/v1/logs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ message: 'from the settings test', level: 'info' }] }),
      });
    const newOwner = async (prefix: string) => {
      const page = await driver.newPage();
      const email = driver.email(prefix);
      await driver.signUp(page, email);
      const slug = `${prefix}-${Date.now().toString(36)}`;
      await driver.createProject(page, slug);
      return { page, email, slug };
    };
    const openSettings = async (page: Page, slug: string, section: string) => {
      await page.goto(url(`/p/${slug}/settings/${section}`));
      await page.getByText(/^Your role in this project: (owner|admin|member)$/).waitFor(WAIT);
    };

    it(
      "a key revoked in settings makes the next ingest answer 403; the key's secret is shown once",
      async () => {
        const { page } = await newOwner('keys');
        await followLink(page, 'Settings');
        await page.waitForURL(/\/settings\/keys$/, WAIT);
        await page.getByText('No ingest keys yet.').waitFor(WAIT);
        await typeInto(page, 'Key name', 'ci');
        await pressButton(page, 'Create key');
        await page.getByRole('status').filter({ hasText: 'Key created' }).waitFor(WAIT);
        const apiKey = (await page.getByRole('figure', { name: /ci/ }).locator('pre').textContent()) ?? '';
        expect(apiKey).toMatch(/^qk_/);
        const row = page.getByRole('row', { name: /^ci / });
        await row.getByRole('cell', { name: 'active' }).waitFor(WAIT);
        await accessible(page, 'settings-keys');

        expect((await ingest(apiKey)).status).toBe(202);
        await pressButton(page, 'Revoke ci');
        await row.getByRole('cell', { name: 'revoked' }).waitFor(WAIT);
        // Gateways hear of a revocation at once (pushed) or at their next refresh (2 s embedded).
        const refused = await waitUntil(
          async () => {
            const response = await ingest(apiKey);
            return response.status === 403 ? response : undefined;
          },
          10_000,
          'the revoked key to be refused',
        );
        expect(await refused.json()).toEqual({ error: 'Forbidden', message: 'API key revoked or disabled' });
        await page.reload();
        await page.getByRole('row', { name: /^ci / }).waitFor(WAIT);
        expect(await page.locator('pre', { hasText: /qk_/ }).count()).toBe(0);
      },
      SCENARIO_MS,
    );

    it(
      "a webhook destination receives the test event, signed; the contract's messages show inline",
      async () => {
        const { page, slug } = await newOwner('hook');
        await openSettings(page, slug, 'destination');
        await page.getByLabel('Destination type').selectOption('webhook');
        await pressButton(page, 'Save destination');
        const alert = page.getByRole('alert');
        await alert.waitFor(WAIT);
        expect(await alert.textContent()).toBe('webhook_url is required when type is webhook');

        await typeInto(page, 'Webhook URL', receiver.url);
        await pressButton(page, 'Save destination');
        await page.getByRole('status').filter({ hasText: 'Destination saved.' }).waitFor(WAIT);
        const secret =
          (await page
            .getByRole('figure', { name: /signing secret/ })
            .locator('pre')
            .textContent()) ?? '';
        expect(secret).toMatch(/^whsec_/);

        const before = receiver.requests.length;
        await pressButton(page, 'Send a test event');
        await page.getByTestId('test-outcome').filter({ hasText: 'Test event delivered.' }).waitFor(WAIT);
        const received = receiver.requests.slice(before).find((request) => request.body.project === slug);
        expect(received?.body.events).toEqual([
          expect.objectContaining({
            message: expect.stringContaining('test event'),
            metadata: { test: true },
          }),
        ]);
        const headers = Object.fromEntries(
          Object.entries(received?.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        expect(() => new Webhook(secret).verify(received?.raw ?? '', headers)).not.toThrow();
        await page
          .getByRole('table', { name: /most recent deliveries/ })
          .getByRole('cell', { name: 'delivered', exact: true })
          .first()
          .waitFor(WAIT);
        await accessible(page, 'settings-destination');
      },
      SCENARIO_MS,
    );

    it(
      'a member with the `member` role cannot see the settings an admin sees, and the API refuses them too',
      async () => {
        const member = await driver.newPage();
        const memberEmail = driver.email('member');
        await driver.signUp(member, memberEmail);
        const { page: owner, slug } = await newOwner('team');

        await openSettings(owner, slug, 'members');
        await typeInto(owner, 'Member email', memberEmail);
        await pressButton(owner, 'Add member');
        await owner.getByRole('row', { name: new RegExp(memberEmail) }).waitFor(WAIT);
        const ownerSections = owner.getByRole('navigation', { name: 'Settings sections' });
        await ownerSections.getByRole('link', { name: 'Destination' }).waitFor(WAIT);
        await accessible(owner, 'settings-members');

        await openSettings(member, slug, 'keys');
        await member.getByText('Your role in this project: member').waitFor(WAIT);
        const sections = member.getByRole('navigation', { name: 'Settings sections' });
        expect(await sections.getByRole('link').allTextContents()).toEqual([
          'Ingest keys',
          'Access tokens',
          'Members',
          'Usage',
          'Profile',
          'API reference',
        ]);
        await member.getByRole('heading', { name: 'Ingest keys' }).waitFor(WAIT);
        expect(await member.getByRole('button', { name: 'Create key' }).count()).toBe(0);
        await openSettings(member, slug, 'members');
        await member.getByRole('row', { name: new RegExp(memberEmail) }).waitFor(WAIT);
        expect(await member.getByRole('button', { name: 'Add member' }).count()).toBe(0);
        expect(await member.getByRole('button', { name: /^Remove / }).count()).toBe(0);
        expect(await member.getByRole('combobox').count()).toBe(0);
        await openSettings(member, slug, 'destination');
        await member.getByRole('alert').filter({ hasText: 'Only admins and owners' }).waitFor(WAIT);
        expect(await member.getByLabel('Destination type').count()).toBe(0);
        await accessible(member, 'settings-member-view');

        // The same refusals from the API, with the member's own session cookie.
        const origin = new URL(stack.bootstrap.controlUrl).origin;
        const api = (method: string, path: string, data?: unknown) =>
          member.request.fetch(url(`/api/projects/${slug}${path}`), {
            method,
            headers: { origin },
            ...(data ? { data } : {}),
          });
        const refusals = [
          await api('GET', '/destination/deliveries'),
          await api('PATCH', '/destination', { type: 'webhook', webhook_url: receiver.url }),
          await api('POST', '/destination/test'),
          await api('POST', '/keys', { name: 'mine' }),
          await api('PUT', '/members', { email: memberEmail, role: 'owner' }),
        ];
        expect(refusals.map((response) => response.status())).toEqual([403, 403, 403, 403, 403]);

        // Made an admin, the same user sees the destination.
        await owner.getByLabel(`Role of ${memberEmail}`).selectOption('admin');
        await waitUntil(
          async () => {
            const project = await member.request.get(url(`/api/projects/${slug}`));
            return ((await project.json()) as { project: { role: string } }).project.role === 'admin';
          },
          10_000,
          'the member to become an admin',
        );
        await openSettings(member, slug, 'destination');
        await member.getByText('Your role in this project: admin').waitFor(WAIT);
        await member.getByLabel('Destination type').waitFor(WAIT);
      },
      SCENARIO_MS,
    );

    it(
      'profile, tokens and usage: a taken username shows inline, password and email change, a token is created with scopes, usage shows bars',
      async () => {
        const first = await newOwner('profile');
        const taken = `taken${Date.now().toString(36)}`;
        await openSettings(first.page, first.slug, 'profile');
        await typeInto(first.page, 'Username', taken);
        await pressButton(first.page, 'Save username');
        await first.page.getByRole('status').filter({ hasText: 'Username saved.' }).waitFor(WAIT);

        const { page, slug } = await newOwner('second');
        await openSettings(page, slug, 'profile');
        await typeInto(page, 'Username', taken);
        await pressButton(page, 'Save username');
        const alert = page.getByRole('form', { name: 'Change username' }).getByRole('alert');
        await alert.waitFor(WAIT);
        expect(await alert.textContent()).toBe('Username already taken.');
        await typeInto(page, 'Current password', password);
        await typeInto(page, 'New password', 'an even better passphrase');
        await pressButton(page, 'Change password');
        await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor(WAIT);
        const newEmail = driver.email('renamed');
        await typeInto(page, 'Email', newEmail);
        await typeInto(page, 'Password to confirm the email', 'an even better passphrase');
        await pressButton(page, 'Save email');
        await page.getByRole('status').filter({ hasText: 'Email saved' }).waitFor(WAIT);
        await page.getByText(`Signed in as ${newEmail}`).waitFor(WAIT);
        await accessible(page, 'settings-profile');

        await followLink(page, 'Access tokens');
        await page.waitForURL(/\/settings\/tokens$/, WAIT);
        await typeInto(page, 'Token name', 'deploys');
        await page.getByRole('checkbox', { name: /^write/ }).check();
        await page.getByLabel('Expires after').selectOption('7');
        await pressButton(page, 'Create token');
        await page.getByRole('status').filter({ hasText: 'Token created' }).waitFor(WAIT);
        const tokenRow = page.getByRole('row', { name: /^deploys / });
        await tokenRow.getByRole('cell', { name: 'read, write', exact: true }).waitFor(WAIT);
        await accessible(page, 'settings-tokens');

        await followLink(page, 'Usage');
        await page.waitForURL(/\/settings\/usage$/, WAIT);
        const month = page.getByRole('region', { name: /^Usage in \d{4}-\d\d$/ }).first();
        await month.getByRole('meter', { name: /^Logs in / }).waitFor(WAIT);
        await page.getByText(/At the limit, the gateway refuses/).waitFor(WAIT);
        await accessible(page, 'settings-usage');
        expect(await page.getByRole('link', { name: 'API reference' }).getAttribute('href')).toBe('/docs');
      },
      SCENARIO_MS,
    );
  });
