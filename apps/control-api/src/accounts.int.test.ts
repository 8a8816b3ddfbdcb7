import { describe, expect, it } from 'vitest';
import { CONTROL_MODES, type TestResponse, unique, useTestControl } from './testing.ts';

const badRequest = (message: string) => ({ error: 'Bad Request', message });
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

for (const { mode, title } of CONTROL_MODES) {
  describe(`accounts ${title}`, () => {
    const control = useTestControl(mode);
    const signupBody = () => ({ email: `new-${unique()}@example.com`, password: 'correct horse' });

    describe('signup', () => {
      it('creates an account: 201 with the profile and never the password or its hash', async () => {
        const body = signupBody();
        const response = await control().request('POST', '/api/auth/signup', { body });
        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          user: { id: expect.any(Number), email: body.email, username: null, name: null, createdAt: ISO },
        });
        expect(response.text).not.toContain('correct horse');
        expect(response.text).not.toContain('scrypt');
      });

      it('answers 409 when the email is already registered, whatever its letter case', async () => {
        const body = signupBody();
        expect((await control().request('POST', '/api/auth/signup', { body })).status).toBe(201);
        for (const email of [body.email, body.email.toUpperCase()]) {
          const again = await control().request('POST', '/api/auth/signup', { body: { ...body, email } });
          expect(again.status).toBe(409);
          expect(again.body).toEqual({ error: 'Conflict', message: 'Email already registered' });
        }
      });

      it('answers 409 `Username already taken.` when signing up with a taken username', async () => {
        const username = `u${unique()}`;
        await control().signUp({ username });
        const response = await control().request('POST', '/api/auth/signup', {
          body: { ...signupBody(), username },
        });
        expect(response.status).toBe(409);
        expect(response.body).toEqual({ error: 'Conflict', message: 'Username already taken.' });
      });
    });

    describe('login', () => {
      it('returns a pat_ token that authenticates the account, and the profile (email in any letter case)', async () => {
        const user = await control().signUp();
        const login = await control().request('POST', '/api/auth/login', {
          body: { email: user.email.toUpperCase(), password: user.password },
        });
        expect(login.status).toBe(200);
        expect(login.body).toEqual({
          token: expect.stringMatching(/^pat_/),
          expiresAt: ISO,
          user: { id: user.id, email: user.email, username: null, name: null, createdAt: ISO },
        });
        const { token } = login.body as { token: string };
        const me = await control().request('GET', '/api/dashboard/me', { token });
        expect(me.status).toBe(200);
        expect(me.body).toEqual({ user: expect.objectContaining({ id: user.id, email: user.email }) });
        const tokens = await control().request('GET', '/api/dashboard/tokens', { token });
        const names = (tokens.body as { tokens: Array<{ name: string }> }).tokens.map((entry) => entry.name);
        expect(names.sort()).toEqual(['login', 'test']);
      });

      it('answers the same 401 to a wrong password and to an unknown email', async () => {
        const user = await control().signUp();
        const wrongPassword = await control().request('POST', '/api/auth/login', {
          body: { email: user.email, password: 'not the password' },
        });
        const unknownEmail = await control().request('POST', '/api/auth/login', {
          body: { email: `nobody-${unique()}@example.com`, password: 'whatever1' },
        });
        const expected = { error: 'Unauthorized', message: 'Invalid email or password' };
        expect([wrongPassword.status, wrongPassword.body]).toEqual([401, expected]);
        expect([unknownEmail.status, unknownEmail.body]).toEqual([401, expected]);
      });

      it('refuses the 6th bad attempt on an account within a minute with 429 and Retry-After, from any address', async () => {
        const user = await control().signUp();
        const attempt = (password: string) =>
          control().request('POST', '/api/auth/login', { body: { email: user.email, password } });
        // Sent at once, so a slow machine cannot stretch them past the refill of one attempt (12 s).
        const five = await Promise.all([0, 1, 2, 3, 4].map((i) => attempt(`wrong-${i}-password`)));
        expect(five.map((response) => response.status)).toEqual([401, 401, 401, 401, 401]);
        const sixth = await attempt('wrong-6-password');
        expect(sixth.status).toBe(429);
        expect(sixth.body).toEqual({ error: 'Too Many Requests', message: expect.any(String) });
        expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
        // While throttled, even the right password is not checked.
        expect((await attempt(user.password)).status).toBe(429);
      });

      it('throttles one address trying many accounts', async () => {
        const address = '192.0.2.77';
        const attempt = () =>
          control().request('POST', '/api/auth/login', {
            address,
            body: { email: `spray-${unique()}@example.com`, password: 'password1' },
          });
        const five = await Promise.all([1, 2, 3, 4, 5].map(attempt));
        expect(five.map((response) => response.status)).toEqual([401, 401, 401, 401, 401]);
        const sixth = await attempt();
        expect(sixth.status).toBe(429);
        expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
      });
    });

    describe('profile', () => {
      it('GET /api/dashboard/me answers the caller profile', async () => {
        const user = await control().signUp();
        const me = await control().request('GET', '/api/dashboard/me', { token: user.token });
        expect(me.status).toBe(200);
        expect(me.body).toEqual({
          user: { id: user.id, email: user.email, username: null, name: null, createdAt: ISO },
        });
      });

      it('PATCH /api/dashboard/me updates the username and name', async () => {
        const user = await control().signUp();
        const username = `u${unique()}`;
        const patched = await control().request('PATCH', '/api/dashboard/me', {
          token: user.token,
          body: { username, name: 'Ada Lovelace' },
        });
        expect(patched.status).toBe(200);
        expect(patched.body).toEqual({ user: expect.objectContaining({ username, name: 'Ada Lovelace' }) });
        const me = await control().request('GET', '/api/dashboard/me', { token: user.token });
        expect(me.body).toEqual({ user: expect.objectContaining({ username, name: 'Ada Lovelace' }) });
      });

      it('answers 409 `Username already taken.` for a username someone else has, in any letter case', async () => {
        const username = `Taken${unique()}`;
        await control().signUp({ username });
        const user = await control().signUp();
        for (const candidate of [username, username.toLowerCase()]) {
          const response = await control().request('PATCH', '/api/dashboard/me', {
            token: user.token,
            body: { username: candidate },
          });
          expect([response.status, response.body]).toEqual([
            409,
            { error: 'Conflict', message: 'Username already taken.' },
          ]);
        }
        const me = await control().request('GET', '/api/dashboard/me', { token: user.token });
        expect(me.body).toEqual({ user: expect.objectContaining({ username: null }) });
      });

      it('lets a user set the username they already have', async () => {
        const username = `u${unique()}`;
        const user = await control().signUp({ username });
        const response = await control().request('PATCH', '/api/dashboard/me', {
          token: user.token,
          body: { username },
        });
        expect(response.status).toBe(200);
      });
    });

    describe('personal access tokens', () => {
      it('creates a token shown once: 201 with the token and its metadata', async () => {
        const user = await control().signUp();
        const created = await control().request('POST', '/api/dashboard/tokens', {
          token: user.token,
          body: { name: 'ci' },
        });
        expect(created.status).toBe(201);
        const { token, pat } = created.body as { token: string; pat: { prefix: string } };
        expect(token).toMatch(/^pat_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}$/);
        expect(created.body).toEqual({
          token,
          pat: {
            id: expect.any(Number),
            name: 'ci',
            prefix: expect.any(String),
            createdAt: ISO,
            lastUsedAt: null,
            revokedAt: null,
            scopes: ['read', 'write', 'admin'],
            expiresAt: null,
          },
        });
        expect(token.startsWith(pat.prefix)).toBe(true);
        const me = await control().request('GET', '/api/dashboard/me', { token });
        expect(me.status).toBe(200);
      });

      it('lists the caller tokens without their secrets', async () => {
        const user = await control().signUp();
        const created = await control().request('POST', '/api/dashboard/tokens', {
          token: user.token,
          body: { name: 'deploy' },
        });
        const { token } = created.body as { token: string };
        const list = await control().request('GET', '/api/dashboard/tokens', { token: user.token });
        expect(list.status).toBe(200);
        const { tokens } = list.body as { tokens: Array<{ name: string }> };
        expect(tokens.map((entry) => entry.name).sort()).toEqual(['deploy', 'test']);
        const secretOf = (value: string) => value.split('_')[2] ?? value;
        expect(list.text).not.toContain(secretOf(token));
        expect(list.text).not.toContain(secretOf(user.token));
      });

      it('revokes a token: 200 with revokedAt, and the token then answers 401', async () => {
        const user = await control().signUp();
        const created = await control().request('POST', '/api/dashboard/tokens', {
          token: user.token,
          body: { name: 'short-lived' },
        });
        const { token, pat } = created.body as { token: string; pat: { id: number } };
        const revoked = await control().request('DELETE', `/api/dashboard/tokens/${pat.id}`, {
          token: user.token,
        });
        expect(revoked.status).toBe(200);
        expect(revoked.body).toEqual({ pat: expect.objectContaining({ id: pat.id, revokedAt: ISO }) });
        const refused = await control().request('GET', '/api/dashboard/me', { token });
        expect([refused.status, refused.body]).toEqual([
          401,
          { error: 'Unauthorized', message: 'Invalid or revoked personal access token' },
        ]);
        expect((await control().request('GET', '/api/dashboard/me', { token: user.token })).status).toBe(200);
      });

      it("cannot revoke another user's token (404) and that token keeps working", async () => {
        const owner = await control().signUp();
        const other = await control().signUp();
        const tokens = await control().request('GET', '/api/dashboard/tokens', { token: owner.token });
        const [ownerPat] = (tokens.body as { tokens: Array<{ id: number }> }).tokens;
        const response = await control().request('DELETE', `/api/dashboard/tokens/${ownerPat?.id}`, {
          token: other.token,
        });
        expect([response.status, response.body]).toEqual([
          404,
          { error: 'Not Found', message: 'Token not found' },
        ]);
        expect((await control().request('GET', '/api/dashboard/me', { token: owner.token })).status).toBe(
          200,
        );
      });

      it('records last use in batches, without a catalog write per request', async () => {
        const user = await control().signUp();
        const lastUsed = async () => {
          const { rows } = await control().catalog.query<{ last_used_at: Date | null }>(
            `SELECT last_used_at FROM personal_access_tokens WHERE user_id = $1 AND name = 'test'`,
            [user.id],
          );
          return rows[0]?.last_used_at;
        };
        const before = Date.now();
        expect((await control().request('GET', '/api/dashboard/me', { token: user.token })).status).toBe(200);
        expect(await lastUsed()).toBeNull();
        await control().services.lastUse.flush();
        const recorded = await lastUsed();
        expect(recorded).toBeInstanceOf(Date);
        expect(recorded?.getTime()).toBeGreaterThanOrEqual(before - 1000);
        const list = await control().request('GET', '/api/dashboard/tokens', { token: user.token });
        const { tokens } = list.body as { tokens: Array<{ name: string; lastUsedAt: string | null }> };
        expect(tokens.find((entry) => entry.name === 'test')?.lastUsedAt).toEqual(recorded?.toISOString());
      });
    });

    // Checked before any backend is involved, or by the same code on every backend: run once.
    if (mode !== 'postgres') return;

    describe('request validation', () => {
      it('refuses a password shorter than 8 characters with 400', async () => {
        const body = { ...signupBody(), password: 'short7!' };
        const response = await control().request('POST', '/api/auth/signup', { body });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(badRequest('password: must be at least 8 characters'));
      });

      it('refuses a missing or too long password, a missing email and an invalid email with 400, naming the problem', async () => {
        const { email, password } = signupBody();
        const cases = [
          { body: { email }, message: 'password: is required' },
          { body: { password }, message: expect.stringMatching(/^email: /) },
          { body: { email: 'not-an-email', password }, message: 'email: must be an email address' },
          {
            body: { email, password: 'x'.repeat(1025) },
            message: 'password: must be at most 1024 characters',
          },
        ];
        for (const { body, message } of cases) {
          const response = await control().request('POST', '/api/auth/signup', { body });
          expect({ status: response.status, body: response.body }).toEqual({
            status: 400,
            body: { error: 'Bad Request', message },
          });
        }
      });

      it('answers 400 in the JSON envelope, never 500, to bodies that are not valid JSON objects', async () => {
        for (const rawBody of ['{"email":', '', 'null', '[]', '"text"']) {
          const response = await control().request('POST', '/api/auth/signup', { rawBody });
          expect(response.status, rawBody).toBe(400);
          expect(response.body, rawBody).toEqual({ error: 'Bad Request', message: expect.any(String) });
        }
      });

      it('answers 415 in the JSON envelope, never 500, to a body not sent as JSON', async () => {
        for (const headers of [
          { 'content-type': 'text/plain' },
          { 'content-type': 'application/x-www-form-urlencoded' },
        ]) {
          const response = await control().request('POST', '/api/auth/signup', {
            rawBody: JSON.stringify(signupBody()),
            headers,
          });
          expect(response.status).toBe(415);
          expect(response.body).toEqual({ error: 'Unsupported Media Type', message: expect.any(String) });
        }
      });

      it('answers 400 to a login without a password', async () => {
        const response = await control().request('POST', '/api/auth/login', {
          body: { email: 'someone@example.com' },
        });
        expect([response.status, response.body]).toEqual([400, badRequest('password: is required')]);
      });

      it('PATCH /api/dashboard/me with no field answers 400', async () => {
        const user = await control().signUp();
        const response = await control().request('PATCH', '/api/dashboard/me', {
          token: user.token,
          body: {},
        });
        expect([response.status, response.body]).toEqual([400, badRequest('At least one field is required')]);
      });

      it('PATCH /api/dashboard/me refuses unknown fields (the email and password are not changed here)', async () => {
        const user = await control().signUp();
        const response = await control().request('PATCH', '/api/dashboard/me', {
          token: user.token,
          body: { email: 'other@example.com' },
        });
        expect(response.status).toBe(400);
      });

      it('answers 400, never 500, to a PATCH whose body is not JSON', async () => {
        const user = await control().signUp();
        const response = await control().request('PATCH', '/api/dashboard/me', {
          token: user.token,
          rawBody: '{username:',
        });
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ error: 'Bad Request', message: expect.any(String) });
      });
    });

    describe('stored secrets', () => {
      it('stores the password with a slow salted hash, never in clear', async () => {
        const body = signupBody();
        await control().request('POST', '/api/auth/signup', { body });
        const { rows } = await control().catalog.query<{ password_hash: string }>(
          'SELECT password_hash FROM users WHERE email = $1',
          [body.email],
        );
        expect(rows[0]?.password_hash).toMatch(/^scrypt\$/);
        expect(rows[0]?.password_hash).not.toContain(body.password);
      });

      it('stores only a hash of each token', async () => {
        const user = await control().signUp();
        const { rows } = await control().catalog.query<Record<string, unknown>>(
          'SELECT * FROM personal_access_tokens WHERE user_id = $1',
          [user.id],
        );
        expect(JSON.stringify(rows)).not.toContain(user.token.split('_')[2]);
      });
    });

    describe('authentication', () => {
      it('answers 401 without a token, and with a malformed, unknown or non-bearer credential', async () => {
        const user = await control().signUp();
        const forged = `${user.token.slice(0, -4)}AAAA`;
        const cases: Array<[Record<string, string>, string]> = [
          [{}, 'Missing bearer token'],
          [{ authorization: 'Bearer ' }, 'Missing bearer token'],
          [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, 'Missing bearer token'],
          [{ authorization: 'Bearer pat_short' }, 'Invalid or revoked personal access token'],
          [{ authorization: 'Bearer qk_not.a.pat' }, 'Invalid or revoked personal access token'],
          [{ authorization: `Bearer ${forged}` }, 'Invalid or revoked personal access token'],
          [
            { authorization: `Bearer pat_${'A'.repeat(16)}_${'B'.repeat(43)}` },
            'Invalid or revoked personal access token',
          ],
        ];
        for (const [headers, message] of cases) {
          for (const path of ['/api/dashboard/me', '/api/projects', '/api/dashboard/tokens']) {
            const response = await control().request('GET', path, { headers });
            expect([response.status, response.body], `${path} ${JSON.stringify(headers)}`).toEqual([
              401,
              { error: 'Unauthorized', message },
            ]);
          }
        }
      });
    });

    describe('documentation and health', () => {
      it('/openapi.json lists every route, generated from the schemas that validate requests', async () => {
        const response = await control().request('GET', '/openapi.json');
        expect(response.status).toBe(200);
        const doc = response.body as {
          openapi: string;
          components: { schemas: Record<string, unknown> };
          paths: Record<
            string,
            Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
          >;
        };
        const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
        );
        expect(operations).toEqual(
          expect.arrayContaining([
            'POST /api/auth/signup',
            'POST /api/auth/login',
            'GET /api/dashboard/me',
            'PATCH /api/dashboard/me',
            'GET /api/dashboard/tokens',
            'POST /api/dashboard/tokens',
            'DELETE /api/dashboard/tokens/{id}',
            'GET /api/projects',
            'POST /api/projects',
            'GET /api/projects/{project}',
            'GET /api/projects/{project}/members',
            'PUT /api/projects/{project}/members',
            'DELETE /api/projects/{project}/members/{userId}',
            'PATCH /api/projects/{project}/destination',
            'GET /api/projects/{project}/keys',
            'POST /api/projects/{project}/keys',
            'POST /api/projects/{project}/keys/{id}/disable',
            'POST /api/projects/{project}/keys/{id}/enable',
            'DELETE /api/projects/{project}/keys/{id}',
            'GET /api/datasets/{project}',
            'POST /api/datasets/{project}',
            'GET /api/datasets/{project}/{id}',
            'POST /api/datasets/{project}/{id}/schema',
            'POST /api/datasets/{project}/{id}/query',
          ]),
        );
        // Every route the app serves under /api is documented, including any added after this list.
        const served = control()
          .app.routes.filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL')
          .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
        expect(new Set(operations)).toEqual(new Set(served));
        const signup = doc.paths['/api/auth/signup']?.post?.requestBody?.content['application/json']?.schema;
        expect(signup).toMatchObject({ properties: { password: { type: 'string', minLength: 8 } } });
        const schema =
          doc.paths['/api/datasets/{project}/{id}/schema']?.post?.requestBody?.content['application/json']
            ?.schema;
        // Bodies the verbs validate themselves are components built from the schemas they parse with.
        expect(schema).toEqual({ $ref: '#/components/schemas/SchemaDefinition' });
        expect(JSON.stringify(doc.components.schemas.SchemaDefinition)).toContain('timestamp$');
        expect(doc.components.schemas).toHaveProperty('Query');
        expect(doc.components.schemas).toHaveProperty('Condition');
        expect(doc.components.schemas).toHaveProperty('LogSearch');
      });

      it('/docs answers a human-readable HTML page that reads /openapi.json', async () => {
        const response = await control().request('GET', '/docs');
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expect(response.text).toContain('<!doctype html>');
        expect(response.text).toContain('/openapi.json');
      });

      it('answers /healthz and /readyz, and unknown routes with a JSON 404', async () => {
        expect((await control().request('GET', '/healthz')).status).toBe(200);
        const ready: TestResponse = await control().request('GET', '/readyz');
        expect(ready.status).toBe(200);
        const missing = await control().request('GET', '/api/nothing-here', {
          token: (await control().signUp()).token,
        });
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ error: 'Not Found', message: expect.any(String) });
      });
    });
  });
}
