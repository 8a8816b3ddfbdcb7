import { DEFAULT_SCRYPT_PARAMS, hashPassword } from '@quarry/auth';
import { createInvitation } from '@quarry/control-plane';
import { parseTrustedProxies } from '@quarry/server-kit';
import { describe, expect, it } from 'vitest';
import { type TestControl, type TestUser, unique, useTestControl } from './testing.ts';

const newAccount = () => ({ email: `new-${unique()}@example.com`, password: `pw-${unique()}` });
const error = (status: number, message: string) => ({ status, body: { error: expect.any(String), message } });
const answer = (response: { status: number; body: unknown }) => ({
  status: response.status,
  body: response.body,
});

describe('sign-up modes (SIGNUP_MODE)', () => {
  const closed = useTestControl('embedded', { access: { signupMode: 'closed' } });
  const invite = useTestControl('postgres', { access: { signupMode: 'invite' } });
  const open = useTestControl('postgres', { access: { signupMode: 'open' } });

  it('tells the console the mode on GET /api/auth/options, without a token', async () => {
    for (const [control, signup] of [
      [closed, 'closed'],
      [invite, 'invite'],
      [open, 'open'],
    ] as const) {
      const response = await control().request('GET', '/api/auth/options');
      expect(answer(response)).toEqual({ status: 200, body: { signup } });
    }
  });

  it('refuses every sign-up when closed', async () => {
    const response = await closed().request('POST', '/api/auth/signup', { body: newAccount() });
    expect(answer(response)).toEqual(error(403, 'Sign-up is closed on this installation'));
  });

  it('takes a sign-up in invite mode only with an unused, unexpired invitation for that email', async () => {
    const control = invite();
    const account = newAccount();
    const signup = (body: object) => control.request('POST', '/api/auth/signup', { body });
    expect(answer(await signup(account))).toEqual(
      error(403, 'Sign-up is by invitation only; ask an administrator for an invitation'),
    );
    const invalid = error(403, 'Invalid, expired or already used invitation');
    expect(answer(await signup({ ...account, invitation: 'inv_made-up' }))).toEqual(invalid);
    const { code } = await createInvitation(control.services.db, { email: account.email, ttlDays: 7 });
    expect(answer(await signup({ ...newAccount(), invitation: code }))).toEqual(invalid);
    const created = await signup({ ...account, email: account.email.toUpperCase(), invitation: code });
    expect(created.status).toBe(201);
    expect(answer(await signup({ ...account, invitation: code }))).toEqual(invalid);
    const expired = newAccount();
    const old = await createInvitation(control.services.db, { email: expired.email, ttlDays: -1 });
    expect(answer(await signup({ ...expired, invitation: old.code }))).toEqual(invalid);
  });

  it('throttles sign-ups per client address: 10 at once, then 429 with Retry-After', async () => {
    const address = `192.0.2.${10 + Math.floor(Math.random() * 200)}`;
    const answers = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      answers.push(await open().request('POST', '/api/auth/signup', { body: newAccount(), address }));
    }
    expect(answers.slice(0, 10).map((response) => response.status)).toEqual(Array(10).fill(201));
    const refused = answers[10];
    expect(refused && answer(refused)).toEqual(error(429, 'Too many sign-up attempts; retry later'));
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    const elsewhere = await open().request('POST', '/api/auth/signup', { body: newAccount() });
    expect(elsewhere.status).toBe(201);
  });
});

describe('the client address behind the Ingress (TRUSTED_PROXIES)', () => {
  const ingress = '10.42.0.7';
  const behindTrusted = useTestControl('postgres', {
    access: { trustedProxies: parseTrustedProxies('10.42.0.0/16') },
  });
  const noProxyTrusted = useTestControl('postgres');

  /**
   * Failed logins (on unknown accounts, so only the address bucket fills) until one is refused.
   * Right after it the bucket is empty: a token comes back only after 12 s, far longer than a request.
   */
  const exhaust = async (
    control: TestControl,
    address: string,
    forwardedFor: (attempt: number) => string,
  ) => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const response = await control.request('POST', '/api/auth/login', {
        body: newAccount(),
        address,
        headers: { 'x-forwarded-for': forwardedFor(attempt) },
      });
      if (response.status === 429) return;
      expect(response.status).toBe(401);
    }
    throw new Error('the login throttle never refused');
  };
  const loginVia = (control: TestControl, user: TestUser, forwardedFor: string, address = ingress) =>
    control.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
      address,
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it("keys the login throttle on the forwarded client: one client's failures lock out no one else", async () => {
    const control = behindTrusted();
    const [attacker, user] = [`198.51.100.${Math.floor(Math.random() * 250)}`, '203.0.113.9'];
    const victim = await control.signUp();
    await exhaust(control, ingress, () => attacker);
    expect((await loginVia(control, victim, attacker)).status).toBe(429);
    expect((await loginVia(control, victim, `${attacker}, ${user}`)).status).toBe(200);
  });

  it('without trusted proxies keys it on the socket: X-Forwarded-For cannot dodge it', async () => {
    const control = noProxyTrusted();
    const socket = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const user = await control.signUp();
    await exhaust(control, socket, (attempt) => `203.0.113.${attempt}`);
    expect((await loginVia(control, user, '203.0.113.200', socket)).status).toBe(429);
  });
});

describe('login tokens and password hashes', () => {
  // Production's scrypt cost: these tests are about the hashes themselves.
  const control = useTestControl('postgres', {
    access: { loginTokenTtlMs: 60 * 60 * 1000 },
    passwordParams: DEFAULT_SCRYPT_PARAMS,
  });

  it('answers a PAT that expires after LOGIN_TOKEN_TTL_MINUTES, listed with its expiry, refused once expired', async () => {
    const user = await control().signUp();
    const before = Date.now();
    const login = await control().request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(200);
    const { token, expiresAt } = login.body as { token: string; expiresAt: string };
    const lifetime = Date.parse(expiresAt) - before;
    expect(lifetime).toBeGreaterThan(59 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(61 * 60 * 1000);
    const list = await control().request('GET', '/api/dashboard/tokens', { token });
    const { tokens } = list.body as {
      tokens: Array<{ name: string; expiresAt: string | null; scopes: string[] }>;
    };
    expect(tokens.find((entry) => entry.name === 'login')).toMatchObject({
      expiresAt,
      scopes: ['read', 'write', 'admin'],
    });
    await control().services.db.query(
      `UPDATE personal_access_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND name = 'login'`,
      [user.id],
    );
    const expired = await control().request('GET', '/api/dashboard/me', { token });
    expect(answer(expired)).toEqual(error(401, 'Personal access token expired'));
  });

  it('re-hashes a password stored with older parameters on the next good login', async () => {
    const user = await control().signUp();
    const old = await hashPassword(user.password, { N: 2 ** 14, r: 8, p: 1 });
    const db = control().services.db;
    await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, old]);
    const login = () =>
      control().request('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    expect((await login()).status).toBe(200);
    const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row?.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect((await login()).status).toBe(200);
  });
});

describe('PAT scopes', () => {
  const control = useTestControl('postgres');

  const tokenWith = async (user: TestUser, body: object) => {
    const created = await control().request('POST', '/api/dashboard/tokens', { token: user.token, body });
    expect(created.status).toBe(201);
    return created.body as { token: string; pat: { id: number; scopes: string[]; expiresAt: string | null } };
  };

  it('lets a read token read and query, and answers 403 naming the scope it lacks', async () => {
    const owner = await control().signUp();
    const slug = await control().createProject(owner);
    const dataset = await control().createDataset(owner, slug);
    const { token, pat } = await tokenWith(owner, { name: 'dashboard', scopes: ['read'] });
    expect(pat.scopes).toEqual(['read']);
    const call = (method: string, path: string, body?: unknown) =>
      control().request(method, path, { token, ...(body === undefined ? {} : { body }) });
    expect((await call('GET', '/api/projects')).status).toBe(200);
    expect((await call('GET', `/api/datasets/${slug}/${dataset.id}`)).status).toBe(200);
    const query = await call('POST', `/api/datasets/${slug}/${dataset.id}/query`, {
      range: { from: '2026-01-01', to: '2026-12-31' },
      select: [{ aggregate: 'count', as: 'n' }],
    });
    expect(answer(query)).toEqual(error(404, 'Dataset schema not found'));
    expect((await call('POST', `/api/logs/${slug}/search`, {})).status).not.toBe(403);
    const lacksWrite = error(403, 'This token lacks the "write" scope');
    const lacksAdmin = error(403, 'This token lacks the "admin" scope');
    expect(answer(await call('POST', `/api/datasets/${slug}`, { name: 'More' }))).toEqual(lacksWrite);
    expect(answer(await call('POST', `/api/projects/${slug}/keys`, { name: 'k' }))).toEqual(lacksWrite);
    expect(
      answer(await call('PUT', `/api/projects/${slug}/members`, { email: owner.email, role: 'owner' })),
    ).toEqual(lacksAdmin);
    expect(answer(await call('PATCH', `/api/projects/${slug}/destination`, { type: 'logger' }))).toEqual(
      lacksAdmin,
    );
    expect(answer(await call('GET', '/api/dashboard/tokens'))).toEqual(lacksAdmin);
    expect(answer(await call('POST', '/api/dashboard/tokens', { name: 'more' }))).toEqual(lacksAdmin);
  });

  it('lets a write token manage datasets and keys but not read them', async () => {
    const owner = await control().signUp();
    const slug = await control().createProject(owner);
    const { token } = await tokenWith(owner, { name: 'deploy', scopes: ['write'] });
    expect(
      (await control().request('POST', `/api/datasets/${slug}`, { token, body: { name: 'Orders' } })).status,
    ).toBe(201);
    expect(
      (await control().request('POST', `/api/projects/${slug}/keys`, { token, body: { name: 'k' } })).status,
    ).toBe(201);
    expect(answer(await control().request('GET', `/api/datasets/${slug}`, { token }))).toEqual(
      error(403, 'This token lacks the "read" scope'),
    );
  });

  it('keeps full access for a token made before scopes existed, and lists it with every scope', async () => {
    const owner = await control().signUp();
    const slug = await control().createProject(owner);
    await control().services.db.query('UPDATE personal_access_tokens SET scopes = NULL WHERE user_id = $1', [
      owner.id,
    ]);
    expect(
      (await control().request('POST', `/api/datasets/${slug}`, { token: owner.token, body: { name: 'X' } }))
        .status,
    ).toBe(201);
    const list = await control().request('GET', '/api/dashboard/tokens', { token: owner.token });
    expect((list.body as { tokens: unknown[] }).tokens).toEqual([
      expect.objectContaining({ name: 'test', scopes: ['read', 'write', 'admin'], expiresAt: null }),
    ]);
  });

  it('never mints a token broader than the one creating it, nor one already expired', async () => {
    const owner = await control().signUp();
    const admin = await tokenWith(owner, { name: 'tokens-only', scopes: ['admin'] });
    const mint = (body: object) =>
      control().request('POST', '/api/dashboard/tokens', { token: admin.token, body });
    expect(answer(await mint({ name: 'wider', scopes: ['admin', 'write'] }))).toEqual(
      error(403, 'This token lacks the "write" scope'),
    );
    const inherits = await mint({ name: 'same' });
    expect(inherits.status).toBe(201);
    expect((inherits.body as { pat: { scopes: string[] } }).pat.scopes).toEqual(['admin']);
    expect(answer(await mint({ name: 'past', expiresAt: '2020-01-01T00:00:00Z' }))).toEqual(
      error(400, 'expiresAt must be in the future'),
    );
    expect(answer(await mint({ name: 'bad', scopes: ['root'] }))).toMatchObject({ status: 400 });
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const dated = await mint({ name: 'dated', expiresAt: later });
    expect((dated.body as { pat: { expiresAt: string } }).pat.expiresAt).toBe(later);
  });
});

describe('project ownership transfer', () => {
  const control = useTestControl('postgres');

  it('moves ownership to a member: the new owner is listed, and the old one can no longer transfer', async () => {
    const [owner, heir] = [await control().signUp(), await control().signUp()];
    const slug = await control().createProject(owner);
    await control().addMember(owner, slug, heir, 'member');
    const transfer = (user: TestUser, email: string) =>
      control().request('POST', `/api/projects/${slug}/transfer`, { token: user.token, body: { email } });
    const moved = await transfer(owner, heir.email);
    expect(moved.status).toBe(200);
    expect((moved.body as { project: { ownerUserId: number } }).project.ownerUserId).toBe(heir.id);
    const members = await control().request('GET', `/api/projects/${slug}/members`, { token: heir.token });
    expect((members.body as { members: Array<{ userId: number; role: string }> }).members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: heir.id, role: 'owner' }),
        expect.objectContaining({ userId: owner.id, role: 'owner' }),
      ]),
    );
    expect(answer(await transfer(owner, heir.email))).toEqual(
      error(403, "Only the project's owner can transfer it"),
    );
    expect((await transfer(heir, owner.email)).status).toBe(200);
  });

  it('refuses a non-member heir (409), an admin (403) and an outsider (404)', async () => {
    const [owner, admin, stranger] = [
      await control().signUp(),
      await control().signUp(),
      await control().signUp(),
    ];
    const slug = await control().createProject(owner);
    await control().addMember(owner, slug, admin, 'admin');
    const transfer = (user: TestUser, email: string) =>
      control().request('POST', `/api/projects/${slug}/transfer`, { token: user.token, body: { email } });
    expect(answer(await transfer(owner, stranger.email))).toEqual(
      error(409, 'The new owner must already be a member of the project'),
    );
    expect((await transfer(admin, admin.email)).status).toBe(403);
    expect((await transfer(stranger, stranger.email)).status).toBe(404);
  });
});
