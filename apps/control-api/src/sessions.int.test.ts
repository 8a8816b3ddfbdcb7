import { sweepEndedSessions } from '@quarry/control-plane';
import { describe, expect, it } from 'vitest';
import { type TestControl, type TestUser, useTestControl } from './testing.ts';

const ORIGIN = 'http://localhost';

/** Signs in through the console's route and returns the cookie pair to send back. */
async function signIn(control: TestControl, user: TestUser): Promise<{ cookie: string; setCookie: string }> {
  const response = await control.request('POST', '/api/auth/session', {
    body: { email: user.email, password: user.password },
    headers: { origin: ORIGIN },
  });
  expect(response.status, response.text).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] ?? '', setCookie };
}

describe('console sessions', () => {
  const control = useTestControl('postgres');

  it('signs in with an HttpOnly SameSite=Lax cookie, answers who is signed in, and keeps no token in the body', async () => {
    const user = await control().signUp();
    const response = await control().request('POST', '/api/auth/session', {
      body: { email: user.email, password: user.password },
      headers: { origin: ORIGIN },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ user: expect.objectContaining({ id: user.id, email: user.email }) });
    expect(response.text).not.toMatch(/qs_|pat_/);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^quarry_session=qs_[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await control().request('GET', '/api/auth/session', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: expect.objectContaining({ email: user.email }) });
  });

  it('stores only a hash of the session token', async () => {
    const user = await control().signUp();
    const { cookie } = await signIn(control(), user);
    const token = cookie.split('=')[1] ?? '';
    const { rows } = await control().catalog.query(
      'SELECT token_hash FROM browser_sessions WHERE user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const user = await control().signUp();
    const response = await control().request('POST', 'https://quarry.example/api/auth/session', {
      body: { email: user.email, password: user.password },
      headers: { origin: 'https://quarry.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('answers 401 without a session, and with a wrong password', async () => {
    const user = await control().signUp();
    expect((await control().request('GET', '/api/auth/session')).status).toBe(401);
    const wrong = await control().request('POST', '/api/auth/session', {
      body: { email: user.email, password: 'not-the-password' },
      headers: { origin: ORIGIN },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'Unauthorized', message: 'Invalid email or password' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('lets the cookie stand for the user on /api routes, reads and writes alike', async () => {
    const user = await control().signUp();
    const { cookie } = await signIn(control(), user);
    const listed = await control().request('GET', '/api/projects', { headers: { cookie } });
    expect(listed.status).toBe(200);
    const created = await control().request('POST', '/api/projects', {
      body: { slug: `s-${Date.now().toString(36)}`, name: 'By cookie' },
      headers: { cookie, origin: ORIGIN },
    });
    expect(created.status, created.text).toBe(201);
  });

  it('refuses a state-changing cookie request from another origin or without Origin (CSRF), with 403', async () => {
    const user = await control().signUp();
    const { cookie } = await signIn(control(), user);
    const attempts: Array<Record<string, string>> = [{ cookie, origin: 'https://evil.example' }, { cookie }];
    for (const headers of attempts) {
      const response = await control().request('POST', '/api/projects', {
        body: { slug: `x-${Date.now().toString(36)}`, name: 'Forged' },
        headers,
      });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ error: 'Forbidden', message: 'Cross-origin request refused' });
    }
    const signInElsewhere = await control().request('POST', '/api/auth/session', {
      body: { email: user.email, password: user.password },
      headers: { origin: 'https://evil.example' },
    });
    expect(signInElsewhere.status).toBe(403);
  });

  it('signs out: the cookie is cleared and the session never works again', async () => {
    const user = await control().signUp();
    const { cookie } = await signIn(control(), user);
    const out = await control().request('DELETE', '/api/auth/session', {
      headers: { cookie, origin: ORIGIN },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^quarry_session=;.*Max-Age=0/);
    expect((await control().request('GET', '/api/auth/session', { headers: { cookie } })).status).toBe(401);
    expect((await control().request('GET', '/api/projects', { headers: { cookie } })).status).toBe(401);
  });

  it('ends a session at its absolute expiry and after its idle timeout', async () => {
    const user = await control().signUp();
    const expired = await signIn(control(), user);
    const idle = await signIn(control(), user);
    const hashOf = (cookie: string) =>
      control()
        .catalog.query(`SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS h`, [cookie.split('=')[1]])
        .then(({ rows }) => (rows[0] as { h: string }).h);
    await control().catalog.query(
      `UPDATE browser_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [await hashOf(expired.cookie)],
    );
    await control().catalog.query(
      `UPDATE browser_sessions SET last_seen_at = now() - interval '3 hours' WHERE token_hash = $1`,
      [await hashOf(idle.cookie)],
    );
    for (const { cookie } of [expired, idle]) {
      const response = await control().request('GET', '/api/projects', { headers: { cookie } });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        error: 'Unauthorized',
        message: 'Session expired or signed out; sign in again',
      });
    }
  });

  it('sweeps ended sessions (expired, idle, signed out) and keeps live ones', async () => {
    const user = await control().signUp();
    const [live, expired, idle, signedOut] = [
      await signIn(control(), user),
      await signIn(control(), user),
      await signIn(control(), user),
      await signIn(control(), user),
    ];
    const tokenOf = (session: { cookie: string }) => session.cookie.split('=')[1] ?? '';
    const setWhereToken = (assignment: string, session: { cookie: string }) =>
      control().catalog.query(
        `UPDATE browser_sessions SET ${assignment} WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
        [tokenOf(session)],
      );
    await setWhereToken(`expires_at = now() - interval '1 second'`, expired);
    await setWhereToken(`last_seen_at = now() - interval '3 hours'`, idle);
    await control().request('DELETE', '/api/auth/session', {
      headers: { cookie: signedOut.cookie, origin: ORIGIN },
    });

    // Other tests share the table: at least this user's three ended sessions go.
    expect(
      await sweepEndedSessions(control().services.db, control().services.sessions),
    ).toBeGreaterThanOrEqual(3);
    const { rows } = await control().catalog.query(
      'SELECT count(*)::int AS n FROM browser_sessions WHERE user_id = $1',
      [user.id],
    );
    expect(rows[0]).toEqual({ n: 1 });
    expect(
      (await control().request('GET', '/api/auth/session', { headers: { cookie: live.cookie } })).status,
    ).toBe(200);
  });

  it('keeps a session of one user out of another user project (404, as for a PAT)', async () => {
    const owner = await control().signUp();
    const outsider = await control().signUp();
    const project = await control().createProject(owner);
    const { cookie } = await signIn(control(), outsider);
    const response = await control().request('GET', `/api/datasets/${project}`, { headers: { cookie } });
    expect(response.status).toBe(404);
  });
});

describe('dataset statistics and project usage', () => {
  const control = useTestControl('postgres');

  it('reports rows, bytes, time span and latest ingest of a dataset', async () => {
    const user = await control().signUp();
    const project = await control().createProject(user);
    const dataset = await control().createDataset(user, project);
    const statsPath = `/api/datasets/${project}/${dataset.id}/stats`;
    const before = await control().request('GET', statsPath, { token: user.token });
    expect(before.body).toEqual({
      stats: { rows: '0', bytes: '0', firstTimestamp: null, lastTimestamp: null, lastIngestAt: null },
    });
    const schema = await control().request('POST', `/api/datasets/${project}/${dataset.id}/schema`, {
      token: user.token,
      body: { fields: { amount: 'number' } },
    });
    expect(schema.status, schema.text).toBe(200);
    await control().warehouse.insert({
      table: `ds_${dataset.id}`,
      rows: ['2026-11-01T10:00:00.000Z', '2026-11-03T12:30:00.000Z'].map((timestamp, index) => ({
        timestamp,
        context: '{}',
        __traceId: 't',
        __ingestedAt: `2026-12-01T00:00:0${index}.000Z`,
        __sourcePartition: 0,
        __sourceOffset: index,
        __sourceIndex: 0,
        amount: index,
      })),
    });
    const after = await control().request('GET', statsPath, { token: user.token });
    expect(after.status, after.text).toBe(200);
    const { stats } = after.body as { stats: Record<string, unknown> };
    expect(stats).toMatchObject({
      rows: '2',
      firstTimestamp: '2026-11-01T10:00:00.000Z',
      lastTimestamp: '2026-11-03T12:30:00.000Z',
      lastIngestAt: '2026-12-01T00:00:01.000Z',
    });
    expect(Number(stats.bytes)).toBeGreaterThan(0);
  });

  it('reports this month per bucket against the limit, and hides another project', async () => {
    const user = await control().signUp();
    const project = await control().createProject(user);
    const period = new Date().toISOString().slice(0, 7);
    await control().counters.set(`usage_total:datasets:${user.id}:${period}`, '42');
    const response = await control().request('GET', `/api/projects/${project}/usage`, { token: user.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      period,
      buckets: [
        { bucket: 'datasets', scope: 'owner', used: 42, limit: 1_000_000 },
        { bucket: 'logs', scope: 'project', used: 0, limit: 10_000 },
      ],
      history: [],
    });
    const outsider = await control().signUp();
    const hidden = await control().request('GET', `/api/projects/${project}/usage`, {
      token: outsider.token,
    });
    expect(hidden.status).toBe(404);
  });
});
