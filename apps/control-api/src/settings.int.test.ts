import { ingestKeyLastUseKey } from '@quarry/contract';
import { issuePat } from '@quarry/control-plane';
import { describe, expect, it } from 'vitest';
import { CONTROL_MODES, type TestControl, type TestUser, unique, useTestControl } from './testing.ts';

// The console's settings pages rely on these: password change, email change, the destination test
// event, the ingest keys' last use and the usage of earlier months.
const ORIGIN = 'http://localhost';
const FORBIDDEN = { error: 'Forbidden', message: 'Your role in this project does not allow this' };

async function signIn(control: TestControl, email: string, password: string) {
  return control.request('POST', '/api/auth/session', {
    body: { email, password },
    headers: { origin: ORIGIN },
  });
}

async function sessionCookie(control: TestControl, user: TestUser): Promise<string> {
  const response = await signIn(control, user.email, user.password);
  expect(response.status, response.text).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

for (const { mode, title } of CONTROL_MODES) {
  describe(`settings endpoints ${title}`, () => {
    const control = useTestControl(mode, { destinationTestWaitMs: 300 });
    const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
      control().request(method, path, { ...(token ? { token } : {}), ...(body ? { body } : {}) });

    describe('POST /api/dashboard/me/password', () => {
      it('changes the password: the old one stops working, the new one signs in', async () => {
        const user = await control().signUp();
        const newPassword = `new-${unique()}`;
        const changed = await send('POST', '/api/dashboard/me/password', user.token, {
          currentPassword: user.password,
          newPassword,
        });
        expect([changed.status, changed.text]).toEqual([204, '']);
        expect((await signIn(control(), user.email, user.password)).status).toBe(401);
        expect((await signIn(control(), user.email, newPassword)).status).toBe(200);
      });

      it('ends the other sessions and login tokens, keeps the current session and tokens made on purpose', async () => {
        const user = await control().signUp();
        const current = await sessionCookie(control(), user);
        const other = await sessionCookie(control(), user);
        const { token: loginToken } = await issuePat(control().services.db, user.id, 'login', {
          expiresAt: new Date(Date.now() + 3_600_000),
        });
        const changed = await control().request('POST', '/api/dashboard/me/password', {
          headers: { cookie: current, origin: ORIGIN },
          body: { currentPassword: user.password, newPassword: `new-${unique()}` },
        });
        expect(changed.status, changed.text).toBe(204);
        const whoIs = (cookie: string) =>
          control().request('GET', '/api/auth/session', { headers: { cookie } });
        expect((await whoIs(current)).status).toBe(200);
        expect((await whoIs(other)).status).toBe(401);
        expect((await send('GET', '/api/dashboard/me', loginToken)).status).toBe(401);
        expect((await send('GET', '/api/dashboard/me', user.token)).status).toBe(200);
      });

      it('refuses a wrong current password (403) and a short new one (400), and needs a credential (401)', async () => {
        const user = await control().signUp();
        const wrong = await send('POST', '/api/dashboard/me/password', user.token, {
          currentPassword: 'not-the-password',
          newPassword: 'long enough password',
        });
        expect([wrong.status, wrong.body]).toEqual([
          403,
          { error: 'Forbidden', message: 'The current password is not correct' },
        ]);
        const short = await send('POST', '/api/dashboard/me/password', user.token, {
          currentPassword: user.password,
          newPassword: 'short',
        });
        expect([short.status, short.body]).toEqual([
          400,
          { error: 'Bad Request', message: 'newPassword: must be at least 8 characters' },
        ]);
        const anonymous = await send('POST', '/api/dashboard/me/password', undefined, {
          currentPassword: user.password,
          newPassword: 'long enough password',
        });
        expect(anonymous.status).toBe(401);
        expect((await signIn(control(), user.email, user.password)).status).toBe(200);
      });

      it('throttles guesses of the current password like logins (429 with Retry-After)', async () => {
        const user = await control().signUp();
        // Sent at once, so the bucket (5 at once, then one every 12 s) cannot refill in between.
        const answers = await Promise.all(
          Array.from({ length: 6 }, (_, attempt) =>
            send('POST', '/api/dashboard/me/password', user.token, {
              currentPassword: `guess-${attempt}`,
              newPassword: 'long enough password',
            }),
          ),
        );
        expect(answers.map((answer) => answer.status).sort()).toEqual([403, 403, 403, 403, 403, 429]);
        const refused = answers.find((answer) => answer.status === 429);
        expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      });

      it('needs the admin scope from a personal access token', async () => {
        const user = await control().signUp();
        const { token } = await issuePat(control().services.db, user.id, 'reader', { scopes: ['read'] });
        const response = await send('POST', '/api/dashboard/me/password', token, {
          currentPassword: user.password,
          newPassword: 'long enough password',
        });
        expect(response.status).toBe(403);
      });
    });

    describe('POST /api/dashboard/me/email', () => {
      it('changes the sign-in email (stored lowercase) once the password confirms it', async () => {
        const user = await control().signUp();
        const email = `New-${unique()}@Example.com`;
        const path = '/api/dashboard/me/email';
        const wrong = await send('POST', path, user.token, { email, currentPassword: 'not-the-password' });
        expect([wrong.status, wrong.body]).toEqual([
          403,
          { error: 'Forbidden', message: 'The current password is not correct' },
        ]);
        const changed = await send('POST', path, user.token, { email, currentPassword: user.password });
        expect(changed.status, changed.text).toBe(200);
        expect(changed.body).toEqual({ user: expect.objectContaining({ email: email.toLowerCase() }) });
        expect((await signIn(control(), email, user.password)).status).toBe(200);
        expect((await signIn(control(), user.email, user.password)).status).toBe(401);
      });

      it('refuses an email already registered (409), a malformed one (400), and the profile PATCH (400)', async () => {
        const user = await control().signUp();
        const other = await control().signUp();
        const path = '/api/dashboard/me/email';
        const taken = await send('POST', path, user.token, {
          email: other.email.toUpperCase(),
          currentPassword: user.password,
        });
        expect([taken.status, taken.body]).toEqual([
          409,
          { error: 'Conflict', message: 'Email already registered' },
        ]);
        const bad = await send('POST', path, user.token, {
          email: 'not an email',
          currentPassword: user.password,
        });
        expect([bad.status, bad.body]).toEqual([
          400,
          { error: 'Bad Request', message: 'email: must be an email address' },
        ]);
        const patched = await send('PATCH', '/api/dashboard/me', user.token, { email: 'x@example.com' });
        expect(patched.status).toBe(400);
      });
    });

    describe('POST /api/projects/{project}/destination/test', () => {
      const webhook = { type: 'webhook', webhook_url: 'https://hooks.example.com/quarry' };

      it('enqueues one synthetic event for the writer and answers the delivery (pending while no writer runs)', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        expect((await send('PATCH', `/api/projects/${slug}/destination`, owner.token, webhook)).status).toBe(
          200,
        );
        const response = await send('POST', `/api/projects/${slug}/destination/test`, owner.token);
        expect(response.status, response.text).toBe(200);
        const { delivery } = response.body as { delivery: { id: number; status: string; attempts: number } };
        // Writers of other test files share this catalog's outbox and may already have tried it
        // (hooks.example.com does not resolve): still pending, one event, whatever the attempts.
        expect(delivery).toMatchObject({ status: 'pending', events: 1 });
        const { rows } = await control().catalog.query<{
          events: Array<{ message: string; metadata: unknown }>;
        }>('SELECT events FROM log_deliveries WHERE id = $1', [delivery.id]);
        expect(rows[0]?.events).toEqual([
          expect.objectContaining({
            message: expect.stringContaining('test event'),
            metadata: { test: true },
          }),
        ]);
        const listed = await send('GET', `/api/projects/${slug}/destination/deliveries`, owner.token);
        expect(listed.body).toEqual({ deliveries: [expect.objectContaining({ id: delivery.id })] });
      });

      it('answers 409 while the destination is the built-in store', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const response = await send('POST', `/api/projects/${slug}/destination/test`, owner.token);
        expect([response.status, response.body]).toEqual([
          409,
          {
            error: 'Conflict',
            message:
              'The destination is the built-in store (logger): there is nothing to deliver a test event to',
          },
        ]);
      });

      it('refuses a member (403), an outsider (404), no credential (401) and a read-only token (403)', async () => {
        const owner = await control().signUp();
        const member = await control().signUp();
        const outsider = await control().signUp();
        const slug = await control().createProject(owner);
        await control().addMember(owner, slug, member, 'member');
        await send('PATCH', `/api/projects/${slug}/destination`, owner.token, webhook);
        const path = `/api/projects/${slug}/destination/test`;
        const asMember = await send('POST', path, member.token);
        expect([asMember.status, asMember.body]).toEqual([403, FORBIDDEN]);
        const asOutsider = await send('POST', path, outsider.token);
        expect([asOutsider.status, asOutsider.body]).toEqual([
          404,
          { error: 'Not Found', message: 'Project not found' },
        ]);
        expect((await send('POST', path, undefined)).status).toBe(401);
        const { token: reader } = await issuePat(control().services.db, owner.id, 'reader', {
          scopes: ['read'],
        });
        expect((await send('POST', path, reader)).status).toBe(403);
        const { rows } = await control().catalog.query(
          'SELECT id FROM log_deliveries WHERE project_id = (SELECT id FROM projects WHERE slug = $1)',
          [slug],
        );
        expect(rows).toEqual([]);
      });

      it('bounds test events per project (429 with Retry-After)', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        await send('PATCH', `/api/projects/${slug}/destination`, owner.token, webhook);
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 4; attempt++) {
          const response = await send('POST', `/api/projects/${slug}/destination/test`, owner.token);
          statuses.push(response.status);
        }
        expect(statuses).toEqual([200, 200, 200, 429]);
      });
    });

    describe('ingest keys and usage for the settings pages', () => {
      it("lists each key's last use as the gateways recorded it, null for a key never used", async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const path = `/api/projects/${slug}/keys`;
        await send('POST', path, owner.token, { name: 'used' });
        await send('POST', path, owner.token, { name: 'idle' });
        const { rows } = await control().catalog.query<{ key_id: string; name: string }>(
          'SELECT key_id, name FROM ingest_keys WHERE project_id = (SELECT id FROM projects WHERE slug = $1)',
          [slug],
        );
        const used = rows.find((row) => row.name === 'used');
        const at = '2026-12-05T04:00:00.000Z';
        await control().counters.set(ingestKeyLastUseKey(used?.key_id ?? ''), at);
        const list = await send('GET', path, owner.token);
        const { keys } = list.body as { keys: Array<{ name: string; lastUsedAt: string | null }> };
        expect(keys.map(({ name, lastUsedAt }) => ({ name, lastUsedAt }))).toEqual([
          { name: 'used', lastUsedAt: at },
          { name: 'idle', lastUsedAt: null },
        ]);
      });

      it('answers the earlier months of usage, newest first, for this project only', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const other = await control().createProject(owner);
        const ids = async (project: string) =>
          Number(
            (
              await control().catalog.query<{ id: string }>('SELECT id FROM projects WHERE slug = $1', [
                project,
              ])
            ).rows[0]?.id,
          );
        const now = new Date();
        const month = (back: number) =>
          new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
        await control().catalog.query(
          `INSERT INTO project_monthly_usage (project_id, bucket, period, count)
           VALUES ($1, 'logs', $3, 120), ($1, 'logs', $4, 30), ($2, 'logs', $3, 999), ($1, 'logs', $5, 7)`,
          [await ids(slug), await ids(other), month(1), month(2), month(7)],
        );
        await control().catalog.query(
          `INSERT INTO monthly_usage (user_id, bucket, period, count) VALUES ($1, 'datasets', $2, 55)`,
          [owner.id, month(1)],
        );
        const usage = await send('GET', `/api/projects/${slug}/usage`, owner.token);
        expect(usage.status).toBe(200);
        expect((usage.body as { history: unknown }).history).toEqual([
          {
            period: month(1),
            buckets: [
              { bucket: 'datasets', used: 55 },
              { bucket: 'logs', used: 120 },
            ],
          },
          {
            period: month(2),
            buckets: [
              { bucket: 'datasets', used: 0 },
              { bucket: 'logs', used: 30 },
            ],
          },
        ]);
      });
    });
  });
}
