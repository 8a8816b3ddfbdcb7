import { describe, expect, it } from 'vitest';
import { CONTROL_MODES, type TestUser, unique, useTestControl } from './testing.ts';

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
const NOT_FOUND = { error: 'Not Found', message: 'Project not found' };
const FORBIDDEN = { error: 'Forbidden', message: 'Your role in this project does not allow this' };

/** Decodes an ingest key's claims without verifying it (the gateway tests verify). */
function claimsOf(apiKey: string): Record<string, unknown> {
  const payload = apiKey.slice('qk_'.length).split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

for (const { mode, title } of CONTROL_MODES) {
  describe(`projects, members, destinations and ingest keys ${title}`, () => {
    const control = useTestControl(mode);
    const as = (user: TestUser) => ({
      get: (path: string) => control().request('GET', path, { token: user.token }),
      post: (path: string, body: unknown = {}) =>
        control().request('POST', path, { token: user.token, body }),
      put: (path: string, body: unknown) => control().request('PUT', path, { token: user.token, body }),
      patch: (path: string, body: unknown) => control().request('PATCH', path, { token: user.token, body }),
      delete: (path: string) => control().request('DELETE', path, { token: user.token }),
    });

    describe('projects', () => {
      it('creates a project: 201, the caller is its owner, destination logger', async () => {
        const owner = await control().signUp();
        const slug = `shop-${unique()}`;
        const response = await as(owner).post('/api/projects', { slug, name: 'Shop' });
        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          project: {
            id: expect.any(Number),
            slug,
            name: 'Shop',
            ownerUserId: owner.id,
            role: 'owner',
            destination: { type: 'logger' },
            createdAt: ISO,
          },
        });
        const got = await as(owner).get(`/api/projects/${slug}`);
        expect([got.status, got.body]).toEqual([200, response.body]);
      });

      it('creates each project with exactly one default dataset, `Default`/`default`, pending its schema', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const list = await as(owner).get(`/api/datasets/${slug}`);
        expect(list.status).toBe(200);
        expect(list.body).toEqual({
          datasets: [
            {
              id: expect.any(Number),
              name: 'Default',
              slug: 'default',
              description: expect.any(String),
              schema: null,
              isDefault: true,
              status: 'pending_schema',
              schemaVersion: 1,
              addedFields: {},
              retentionDays: null,
            },
          ],
        });
      });

      it('answers 409 for a slug already taken, and 400 for a slug that is not lowercase letters, digits and dashes', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const taken = await as(owner).post('/api/projects', { slug });
        expect([taken.status, taken.body]).toEqual([
          409,
          { error: 'Conflict', message: 'Project slug already taken' },
        ]);
        for (const bad of ['Upper', '-dash', 'a', 'has space', 'x'.repeat(65), '']) {
          const response = await as(owner).post('/api/projects', { slug: bad });
          expect(response.status, bad).toBe(400);
          expect(response.body, bad).toEqual({
            error: 'Bad Request',
            message: expect.stringMatching(/^slug: /),
          });
        }
      });

      it('lists only the projects the caller is a member of', async () => {
        const [alice, bob] = [await control().signUp(), await control().signUp()];
        const mine = await control().createProject(alice);
        await control().createProject(bob);
        const list = await as(alice).get('/api/projects');
        expect(list.status).toBe(200);
        const slugs = (list.body as { projects: Array<{ slug: string }> }).projects.map(
          (project) => project.slug,
        );
        expect(slugs).toEqual([mine]);
      });

      it("answers another tenant's slug with the same 404 as an unknown slug, on every project route", async () => {
        const [alice, mallory] = [await control().signUp(), await control().signUp()];
        const slug = await control().createProject(alice);
        const key = await as(alice).post(`/api/projects/${slug}/keys`, { name: 'k' });
        const keyId = (key.body as { key: { id: number } }).key.id;
        const [dataset] = (
          (await as(alice).get(`/api/datasets/${slug}`)).body as { datasets: Array<{ id: number }> }
        ).datasets;
        const routes: Array<[string, string, unknown?]> = [
          ['GET', '/api/projects/{p}'],
          ['GET', '/api/projects/{p}/members'],
          ['PUT', '/api/projects/{p}/members', { email: alice.email, role: 'member' }],
          ['DELETE', `/api/projects/{p}/members/${alice.id}`],
          [
            'PATCH',
            '/api/projects/{p}/destination',
            { type: 'webhook', webhook_url: 'https://evil.example/' },
          ],
          ['GET', '/api/projects/{p}/keys'],
          ['POST', '/api/projects/{p}/keys', { name: 'stolen' }],
          ['POST', `/api/projects/{p}/keys/${keyId}/disable`, {}],
          ['DELETE', `/api/projects/{p}/keys/${keyId}`],
          ['GET', '/api/datasets/{p}'],
          ['POST', '/api/datasets/{p}', { name: 'Orders' }],
          ['GET', `/api/datasets/{p}/${dataset?.id}`],
          ['POST', `/api/datasets/{p}/${dataset?.id}/schema`, { fields: { a: 'string' } }],
        ];
        for (const [method, template, body] of routes) {
          const answer = async (project: string) => {
            const path = template.replace('{p}', project);
            const response = await control().request(method, path, { token: mallory.token, body });
            return [response.status, response.body];
          };
          const foreign = await answer(slug);
          expect(foreign, `${method} ${template}`).toEqual([404, NOT_FOUND]);
          expect(await answer(`unknown-${unique()}`), `${method} ${template}`).toEqual(foreign);
        }
        // Nothing changed for the owner.
        const keys = await as(alice).get(`/api/projects/${slug}/keys`);
        expect((keys.body as { keys: Array<{ status: string }> }).keys).toEqual([
          expect.objectContaining({ status: 'active' }),
        ]);
        const project = await as(alice).get(`/api/projects/${slug}`);
        expect(project.body).toEqual({
          project: expect.objectContaining({ destination: { type: 'logger' } }),
        });
      });

      it('answers 401 to every project route without a valid token', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        for (const path of [`/api/projects/${slug}`, `/api/projects/${slug}/keys`, `/api/datasets/${slug}`]) {
          const response = await control().request('GET', path);
          expect([response.status, response.body]).toEqual([
            401,
            { error: 'Unauthorized', message: 'Missing bearer token' },
          ]);
        }
      });
    });

    describe('destination', () => {
      const BAD_REQUEST = (message: string) => [400, { error: 'Bad Request', message }];

      it('refuses unknown types and the wrong schemes when saved, naming what is supported', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const cases: Array<[Record<string, string>, string]> = [
          [
            { type: 'direct_db_mysql', direct_db_url: 'mysql://db.example/logs' },
            'Unsupported destination type: direct_db_mysql; supported: logger, webhook, direct_db_postgres',
          ],
          [
            { type: 'kafka', webhook_url: 'https://hook.example/' },
            'Unsupported destination type: kafka; supported: logger, webhook, direct_db_postgres',
          ],
          [{ type: 'webhook', webhook_url: 'file:///etc/passwd' }, 'webhook_url must be a http or https URL'],
          [
            { type: 'webhook', webhook_url: 'gopher://hook.example/' },
            'webhook_url must be a http or https URL',
          ],
          [
            { type: 'direct_db_postgres', direct_db_url: 'http://clickhouse:8123/?query=DROP' },
            'direct_db_url must be a postgres or postgresql URL',
          ],
          [{ type: 'direct_db_postgres', direct_db_url: 'postgres:///db' }, 'direct_db_url must name a host'],
        ];
        for (const [body, message] of cases) {
          const response = await as(owner).patch(`/api/projects/${slug}/destination`, body);
          expect([response.status, response.body], JSON.stringify(body)).toEqual(BAD_REQUEST(message));
        }
        const project = await as(owner).get(`/api/projects/${slug}`);
        expect(project.body).toEqual({
          project: expect.objectContaining({ destination: { type: 'logger' } }),
        });
      });

      it('answers a webhook signing secret once and shows URLs without passwords or query values', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const saved = await as(owner).patch(`/api/projects/${slug}/destination`, {
          type: 'webhook',
          webhook_url: 'https://user:hook-pw@hook.example/in?token=t-1',
        });
        expect(saved.status).toBe(200);
        const body = saved.body as { project: { destination: unknown }; signingSecret: string };
        expect(body.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
        const shown = {
          type: 'webhook',
          webhook_url: 'https://user:redacted@hook.example/in?token=redacted',
        };
        expect(body.project.destination).toEqual(shown);
        const read = await as(owner).get(`/api/projects/${slug}`);
        expect(read.body).toEqual({ project: expect.objectContaining({ destination: shown }) });
        expect(JSON.stringify(read.body)).not.toContain('whsec_');
        const again = await as(owner).patch(`/api/projects/${slug}/destination`, {
          type: 'direct_db_postgres',
          direct_db_url: 'postgres://w:db-pw@db.example:5432/logs',
        });
        expect(again.body).toEqual({
          project: expect.objectContaining({
            destination: {
              type: 'direct_db_postgres',
              direct_db_url: 'postgres://w:redacted@db.example:5432/logs',
            },
          }),
        });
      });

      it('lists recent deliveries to admins, with status and reason', async () => {
        const [owner, member] = [await control().signUp(), await control().signUp()];
        const slug = await control().createProject(owner);
        await control().addMember(owner, slug, member, 'member');
        const empty = await as(owner).get(`/api/projects/${slug}/destination/deliveries`);
        expect([empty.status, empty.body]).toEqual([200, { deliveries: [] }]);
        const refused = await as(member).get(`/api/projects/${slug}/destination/deliveries`);
        expect([refused.status, refused.body]).toEqual([403, FORBIDDEN]);
      });
    });

    describe('members', () => {
      it('lets the owner add a registered user by email with a role, who then sees the project', async () => {
        const [owner, member] = [await control().signUp(), await control().signUp()];
        const slug = await control().createProject(owner);
        const added = await as(owner).put(`/api/projects/${slug}/members`, {
          email: member.email.toUpperCase(),
          role: 'member',
        });
        expect(added.status).toBe(200);
        expect(added.body).toEqual({
          member: { userId: member.id, email: member.email, username: null, role: 'member' },
        });
        const members = await as(member).get(`/api/projects/${slug}/members`);
        expect(members.body).toEqual({
          members: [
            { userId: owner.id, email: owner.email, username: null, role: 'owner' },
            { userId: member.id, email: member.email, username: null, role: 'member' },
          ],
        });
        const project = await as(member).get(`/api/projects/${slug}`);
        expect(project.body).toEqual({ project: expect.objectContaining({ slug, role: 'member' }) });
      });

      it('lets a member read but not create datasets, keys or schemas, change keys or the destination (403)', async () => {
        const [owner, member] = [await control().signUp(), await control().signUp()];
        const slug = await control().createProject(owner);
        await control().addMember(owner, slug, member, 'member');
        const dataset = await control().createDataset(owner, slug);
        const key = await as(owner).post(`/api/projects/${slug}/keys`, { name: 'k' });
        const keyId = (key.body as { key: { id: number } }).key.id;

        for (const path of [`/api/projects/${slug}`, `/api/datasets/${slug}`, `/api/projects/${slug}/keys`]) {
          expect((await as(member).get(path)).status, path).toBe(200);
        }
        const refused = [
          await as(member).post(`/api/datasets/${slug}`, { name: 'Orders' }),
          await as(member).post(`/api/datasets/${slug}/${dataset.id}/schema`, { fields: { a: 'string' } }),
          await as(member).post(`/api/projects/${slug}/keys`, { name: 'mine' }),
          await as(member).post(`/api/projects/${slug}/keys/${keyId}/disable`),
          await as(member).delete(`/api/projects/${slug}/keys/${keyId}`),
          await as(member).patch(`/api/projects/${slug}/destination`, {
            type: 'webhook',
            webhook_url: 'https://example.com/hook',
          }),
          // Access is checked before the body, so an invalid one answers 403 too.
          await as(member).patch(`/api/projects/${slug}/destination`, { type: 'webhook' }),
        ];
        for (const response of refused) expect([response.status, response.body]).toEqual([403, FORBIDDEN]);
        const datasets = await as(owner).get(`/api/datasets/${slug}`);
        expect((datasets.body as { datasets: unknown[] }).datasets).toHaveLength(2);
        const got = await as(owner).get(`/api/datasets/${slug}/${dataset.id}`);
        expect(got.body).toEqual({
          dataset: expect.objectContaining({ status: 'pending_schema', schema: null }),
        });
      });

      it('lets an admin create datasets and keys, but only owners change membership', async () => {
        const [owner, admin, other] = [
          await control().signUp(),
          await control().signUp(),
          await control().signUp(),
        ];
        const slug = await control().createProject(owner);
        await control().addMember(owner, slug, admin, 'admin');
        expect((await as(admin).post(`/api/datasets/${slug}`, { name: 'Orders' })).status).toBe(201);
        expect((await as(admin).post(`/api/projects/${slug}/keys`, { name: 'admin key' })).status).toBe(201);
        const add = await as(admin).put(`/api/projects/${slug}/members`, {
          email: other.email,
          role: 'member',
        });
        expect([add.status, add.body]).toEqual([403, FORBIDDEN]);
        const promote = await as(admin).put(`/api/projects/${slug}/members`, {
          email: admin.email,
          role: 'owner',
        });
        expect([promote.status, promote.body]).toEqual([403, FORBIDDEN]);
        const remove = await as(admin).delete(`/api/projects/${slug}/members/${owner.id}`);
        expect([remove.status, remove.body]).toEqual([403, FORBIDDEN]);
      });

      it('removes a member (204), who then gets 404 for the project', async () => {
        const [owner, member] = [await control().signUp(), await control().signUp()];
        const slug = await control().createProject(owner);
        await control().addMember(owner, slug, member, 'admin');
        const removed = await as(owner).delete(`/api/projects/${slug}/members/${member.id}`);
        expect(removed.status).toBe(204);
        const after = await as(member).get(`/api/projects/${slug}`);
        expect([after.status, after.body]).toEqual([404, NOT_FOUND]);
        const again = await as(owner).delete(`/api/projects/${slug}/members/${member.id}`);
        expect([again.status, again.body]).toEqual([
          404,
          { error: 'Not Found', message: 'Member not found' },
        ]);
      });

      it('keeps at least one owner: the last owner can neither step down nor be removed (409)', async () => {
        const [owner, second] = [await control().signUp(), await control().signUp()];
        const slug = await control().createProject(owner);
        const lastOwner = { error: 'Conflict', message: 'A project keeps at least one owner' };
        const demote = await as(owner).put(`/api/projects/${slug}/members`, {
          email: owner.email,
          role: 'admin',
        });
        expect([demote.status, demote.body]).toEqual([409, lastOwner]);
        const leave = await as(owner).delete(`/api/projects/${slug}/members/${owner.id}`);
        expect([leave.status, leave.body]).toEqual([409, lastOwner]);
        // With a second owner, the first may step down.
        await control().addMember(owner, slug, second, 'owner');
        const stepDown = await as(owner).put(`/api/projects/${slug}/members`, {
          email: owner.email,
          role: 'admin',
        });
        expect(stepDown.body).toEqual({
          member: expect.objectContaining({ userId: owner.id, role: 'admin' }),
        });
      });

      it('answers 404 for an unregistered email and 400 for an unknown role', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const unknown = await as(owner).put(`/api/projects/${slug}/members`, {
          email: `nobody-${unique()}@example.com`,
          role: 'member',
        });
        expect([unknown.status, unknown.body]).toEqual([
          404,
          { error: 'Not Found', message: 'User not found' },
        ]);
        const badRole = await as(owner).put(`/api/projects/${slug}/members`, {
          email: owner.email,
          role: 'god',
        });
        expect(badRole.status).toBe(400);
        expect(badRole.body).toEqual({ error: 'Bad Request', message: expect.stringMatching(/^role: /) });
      });
    });

    describe('destination', () => {
      it('accepts each destination type with the URL it requires, and shows it on the project', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const destinations = [
          { type: 'webhook', webhook_url: 'https://hooks.example.com/quarry' },
          { type: 'logger', read_api_url: 'https://logs.example.com/api' },
          { type: 'direct_db_postgres', direct_db_url: 'postgres://user@db.example.com:5432/logs' },
        ];
        for (const destination of destinations) {
          const response = await as(owner).patch(`/api/projects/${slug}/destination`, destination);
          expect(response.status, destination.type).toBe(200);
          expect(response.body).toEqual({
            project: expect.objectContaining({ slug, role: 'owner', destination }),
            ...(destination.type === 'webhook' ? { signingSecret: expect.stringMatching(/^whsec_/) } : {}),
          });
          const project = await as(owner).get(`/api/projects/${slug}`);
          expect(project.body).toEqual({ project: expect.objectContaining({ destination }) });
        }
      });

      it('shows a plain member the destination type but not its URL, which carries credentials', async () => {
        const [owner, member, admin] = [
          await control().signUp(),
          await control().signUp(),
          await control().signUp(),
        ];
        const slug = await control().createProject(owner);
        await control().addMember(owner, slug, member, 'member');
        await control().addMember(owner, slug, admin, 'admin');
        const destination = {
          type: 'direct_db_postgres',
          direct_db_url: 'postgres://user:secret@db.example.com:5432/logs',
        };
        expect((await as(owner).patch(`/api/projects/${slug}/destination`, destination)).status).toBe(200);

        const asMember = await as(member).get(`/api/projects/${slug}`);
        expect(asMember.body).toEqual({
          project: expect.objectContaining({ destination: { type: 'direct_db_postgres' } }),
        });
        const listed = await as(member).get('/api/projects');
        expect(JSON.stringify(listed.body)).not.toContain('secret@');
        // An admin sees where it goes; the password stays sealed.
        const asAdmin = await as(admin).get(`/api/projects/${slug}`);
        expect(asAdmin.body).toEqual({
          project: expect.objectContaining({
            destination: {
              ...destination,
              direct_db_url: 'postgres://user:redacted@db.example.com:5432/logs',
            },
          }),
        });
      });

      it('stores only the URL the type uses', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const response = await as(owner).patch(`/api/projects/${slug}/destination`, {
          type: 'webhook',
          webhook_url: 'https://hooks.example.com/a',
          direct_db_url: 'postgres://ignored/db',
        });
        expect(response.body).toEqual({
          project: expect.objectContaining({
            destination: { type: 'webhook', webhook_url: 'https://hooks.example.com/a' },
          }),
          signingSecret: expect.stringMatching(/^whsec_/),
        });
      });

      it('refuses a destination without the URL its type requires, an unknown type or a non-URL (400), changing nothing', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const cases: Array<[unknown, string]> = [
          [{ type: 'webhook' }, 'webhook_url is required when type is webhook'],
          [
            { type: 'webhook', read_api_url: 'https://x.example' },
            'webhook_url is required when type is webhook',
          ],
          [{ type: 'logger' }, 'read_api_url is required when type is logger'],
          [{ type: 'direct_db_postgres' }, 'direct_db_url is required when type is direct_db_postgres'],
          [
            { type: 'direct_db_mysql', webhook_url: 'https://x.example' },
            'Unsupported destination type: direct_db_mysql; supported: logger, webhook, direct_db_postgres',
          ],
          [{ type: 'webhook', webhook_url: '' }, 'webhook_url is required when type is webhook'],
          [{ type: 'webhook', webhook_url: 'not a url' }, 'webhook_url must be a URL'],
          [
            { type: 'ftp', webhook_url: 'https://x.example' },
            'Unsupported destination type: ftp; supported: logger, webhook, direct_db_postgres',
          ],
          [
            { type: 'direct_db_' },
            'Unsupported destination type: direct_db_; supported: logger, webhook, direct_db_postgres',
          ],
          [{}, 'type: is required'],
        ];
        for (const [body, message] of cases) {
          const response = await as(owner).patch(`/api/projects/${slug}/destination`, body);
          expect([response.status, response.body], JSON.stringify(body)).toEqual([
            400,
            { error: 'Bad Request', message },
          ]);
        }
        const broken = await control().request('PATCH', `/api/projects/${slug}/destination`, {
          token: owner.token,
          rawBody: '{"type":',
        });
        expect(broken.status).toBe(400);
        const project = await as(owner).get(`/api/projects/${slug}`);
        expect(project.body).toEqual({
          project: expect.objectContaining({ destination: { type: 'logger' } }),
        });
      });
    });

    describe('ingest keys', () => {
      it('creates a key whose secret is shown once, signed with the project, owner and key ids', async () => {
        const [owner, admin] = [await control().signUp(), await control().signUp()];
        const slug = await control().createProject(owner);
        await control().addMember(owner, slug, admin, 'admin');
        const created = await as(admin).post(`/api/projects/${slug}/keys`, { name: 'billing' });
        expect(created.status).toBe(201);
        expect(created.body).toEqual({
          apiKey: expect.stringMatching(/^qk_[\w-]+\.[\w-]+\.[\w-]+$/),
          key: {
            id: expect.any(Number),
            name: 'billing',
            status: 'active',
            createdAt: ISO,
            disabledAt: null,
            revokedAt: null,
          },
        });
        const { apiKey } = created.body as { apiKey: string };
        const project = await as(owner).get(`/api/projects/${slug}`);
        const projectId = (project.body as { project: { id: number } }).project.id;
        // The quota bucket is the owner's, whoever created the key.
        expect(claimsOf(apiKey)).toEqual({
          projectId: String(projectId),
          userId: String(owner.id),
          keyId: expect.stringMatching(/^key_/),
          iat: expect.any(Number),
        });
      });

      it('lists the keys without their secrets, nor stores them', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const created = await as(owner).post(`/api/projects/${slug}/keys`, { name: 'one' });
        const { apiKey } = created.body as { apiKey: string };
        const signature = apiKey.split('.')[2] ?? apiKey;
        const list = await as(owner).get(`/api/projects/${slug}/keys`);
        expect(list.status).toBe(200);
        // The listing adds when a gateway last accepted the key: never, for this one.
        const { key } = created.body as { key: object };
        expect(list.body).toEqual({ keys: [{ ...key, lastUsedAt: null }] });
        expect(list.text).not.toContain('qk_');
        expect(list.text).not.toContain(signature);
        const { rows } = await control().catalog.query('SELECT * FROM ingest_keys');
        expect(JSON.stringify(rows)).not.toContain(signature);
      });

      it('disables (reversible), enables and revokes (final) a key', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const created = await as(owner).post(`/api/projects/${slug}/keys`, { name: 'k' });
        const id = (created.body as { key: { id: number } }).key.id;
        const path = `/api/projects/${slug}/keys/${id}`;

        const disabled = await as(owner).post(`${path}/disable`);
        expect([disabled.status, disabled.body]).toEqual([
          200,
          { key: expect.objectContaining({ id, status: 'disabled', disabledAt: ISO, revokedAt: null }) },
        ]);
        const enabled = await as(owner).post(`${path}/enable`);
        expect(enabled.body).toEqual({
          key: expect.objectContaining({ status: 'active', disabledAt: null }),
        });
        const revoked = await as(owner).delete(path);
        expect([revoked.status, revoked.body]).toEqual([
          200,
          { key: expect.objectContaining({ id, status: 'revoked', revokedAt: ISO }) },
        ]);
        const stillRevoked = await as(owner).post(`${path}/enable`);
        expect(stillRevoked.body).toEqual({ key: expect.objectContaining({ status: 'revoked' }) });
        const list = await as(owner).get(`/api/projects/${slug}/keys`);
        expect(list.body).toEqual({ keys: [expect.objectContaining({ id, status: 'revoked' })] });
      });

      it('publishes each status change so gateways learn it at once', async () => {
        const owner = await control().signUp();
        const slug = await control().createProject(owner);
        const created = await as(owner).post(`/api/projects/${slug}/keys`, { name: 'k' });
        const { apiKey, key } = created.body as { apiKey: string; key: { id: number } };
        const pushed: string[] = [];
        const unsubscribe = await control().counters.subscribe('quarry:ingest-keys:status', (message) => {
          pushed.push(message);
        });
        try {
          await as(owner).post(`/api/projects/${slug}/keys/${key.id}/disable`);
          await as(owner).delete(`/api/projects/${slug}/keys/${key.id}`);
          await expect.poll(() => pushed.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
          expect(new Set(pushed)).toEqual(new Set([claimsOf(apiKey).keyId]));
        } finally {
          await unsubscribe();
        }
      });

      it("answers 404 for an unknown key or another project's key, and 400 for a non-numeric id", async () => {
        const owner = await control().signUp();
        const [first, second] = [await control().createProject(owner), await control().createProject(owner)];
        const created = await as(owner).post(`/api/projects/${first}/keys`, { name: 'k' });
        const id = (created.body as { key: { id: number } }).key.id;
        const keyNotFound = { error: 'Not Found', message: 'Ingest key not found' };
        const cross = await as(owner).post(`/api/projects/${second}/keys/${id}/disable`);
        expect([cross.status, cross.body]).toEqual([404, keyNotFound]);
        const unknown = await as(owner).delete(`/api/projects/${first}/keys/999999999`);
        expect([unknown.status, unknown.body]).toEqual([404, keyNotFound]);
        expect((await as(owner).post(`/api/projects/${first}/keys/abc/disable`)).status).toBe(400);
        const list = await as(owner).get(`/api/projects/${first}/keys`);
        expect(list.body).toEqual({ keys: [expect.objectContaining({ id, status: 'active' })] });
      });
    });
  });
}
