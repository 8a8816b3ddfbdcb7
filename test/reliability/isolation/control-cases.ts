import { expect } from 'vitest';
import type { Case } from './probe.ts';
import type { Call, Reply, Stack } from './stack.ts';
import type { Project, Tenant } from './tenants.ts';

/** Names and ids nothing has: what a foreign resource must look like from outside. */
export const NOWHERE = {
  slug: 'no-such-project-anywhere',
  id: 999_999_999_999,
  email: 'nobody@nowhere.example',
};

/** Every lifecycle route on one dataset, with a valid body (docs/api.md "Dataset lifecycle"). */
export function datasetLifecycleRequests(slug: string, id: number): [string, string, unknown?][] {
  const base = `/api/datasets/${slug}/${id}`;
  return [
    [
      'POST',
      `${base}/schema/versions`,
      { fields: { label: 'string', coupon: { type: 'string', nullable: true } } },
    ],
    ['PATCH', base, { retentionDays: 7 }],
    ['DELETE', base],
    ['POST', `${base}/deletions`, { range: { from: '2026-06-10T00:00:00Z', to: '2026-06-11T00:00:00Z' } }],
    ['GET', `${base}/deletions`],
    ['POST', `${base}/copies`, { from: id }],
    ['GET', `${base}/copies`],
  ];
}

const PROJECT_404 = 'Project not found';
const body = (reply: Reply) => reply.json as Record<string, unknown>;

export const controlCall = (credential: string | undefined, method: string, path: string, json?: unknown) =>
  ({ service: 'control', method, path, body: json, credential }) satisfies Call;

/** At the victim's project (`slug`), `path` answers exactly as at a project that does not exist. */
function outsider(
  pat: string,
  slug: string,
  method: string,
  path: (slug: string) => string,
  json?: unknown,
): Case {
  return {
    as: 'foreign PAT',
    call: controlCall(pat, method, path(slug), json),
    twin: controlCall(pat, method, path(NOWHERE.slug), json),
    status: 404,
    message: PROJECT_404,
  };
}

/** In the attacker's own project, an id of the victim's answers like an id that does not exist. */
function foreignId(
  pat: string,
  method: string,
  path: (id: number) => string,
  id: number,
  message: string,
  json?: unknown,
): Case {
  return {
    as: 'foreign PAT',
    call: controlCall(pat, method, path(id), json),
    twin: controlCall(pat, method, path(NOWHERE.id), json),
    status: 404,
    message,
  };
}

/**
 * Every control-plane route tried by `x` (its PAT, slugs and ids) on `v`'s accounts, projects, keys,
 * datasets and logs. `cursors` are `v`'s own search cursors, replayed by `x` on its own project.
 */
export function controlCases(
  stack: Stack,
  x: Tenant,
  v: Tenant,
  cursors: { page: string; tail: string },
): Case[] {
  const pat = x.user.pat;
  const [x1] = x.projects;
  const call = (method: string, path: string, json?: unknown) => controlCall(pat, method, path, json);
  const onlyOwn = (reply: Reply) => {
    for (const event of body(reply).events as { message: string }[])
      expect.soft(event.message).toMatch(x1.slug);
  };
  const cases: Case[] = [
    // Accounts: the contract answers 409 for a registered email (and username, below): by design.
    {
      as: 'no credential',
      call: controlCall(undefined, 'POST', '/api/auth/signup', {
        email: v.user.email,
        password: 'takeover!',
      }),
      status: 409,
      message: 'Email already registered',
    },
    {
      as: 'no credential',
      call: controlCall(undefined, 'POST', '/api/auth/login', {
        email: v.user.email,
        password: x.user.password,
      }),
      twin: controlCall(undefined, 'POST', '/api/auth/login', {
        email: NOWHERE.email,
        password: x.user.password,
      }),
      status: 401,
      message: 'Invalid email or password',
    },
    // Console sessions: a state-changing call without this server's Origin is refused before the
    // body is read (so it tells nothing about v's account); no cookie is nobody.
    {
      as: 'no credential',
      call: controlCall(undefined, 'POST', '/api/auth/session', {
        email: v.user.email,
        password: x.user.password,
      }),
      twin: controlCall(undefined, 'POST', '/api/auth/session', {
        email: NOWHERE.email,
        password: x.user.password,
      }),
      status: 403,
      message: 'Cross-origin request refused',
    },
    {
      as: 'no credential',
      call: controlCall(undefined, 'GET', '/api/auth/session'),
      status: 401,
      message: 'Session expired or signed out; sign in again',
    },
    {
      as: 'no credential',
      call: controlCall(undefined, 'DELETE', '/api/auth/session'),
      status: 403,
      message: 'Cross-origin request refused',
    },
    {
      // Public: the sign-up mode, nothing about any account.
      as: 'no credential',
      call: controlCall(undefined, 'GET', '/api/auth/options'),
      status: 200,
      check: (r) => expect.soft(body(r)).toEqual({ signup: 'open' }),
    },
    {
      as: 'foreign PAT',
      call: call('GET', '/api/dashboard/me'),
      status: 200,
      check: (r) => expect.soft(body(r).user).toMatchObject({ id: x.user.id }),
    },
    {
      as: 'foreign PAT',
      call: call('PATCH', '/api/dashboard/me', { username: v.user.username }),
      status: 409,
      message: 'Username already taken.',
    },
    {
      // The profile body is strict: it cannot name another account, nor change the email.
      as: 'foreign PAT',
      call: call('PATCH', '/api/dashboard/me', { id: v.user.id, email: v.user.email }),
      status: 400,
    },
    // Credential changes act on the caller's own account only, and only with its current password:
    // naming another user's email changes nothing of theirs.
    {
      as: 'foreign PAT',
      call: call('POST', '/api/dashboard/me/email', {
        currentPassword: 'not the password',
        email: v.user.email,
      }),
      status: 403,
    },
    {
      as: 'foreign PAT',
      call: call('POST', '/api/dashboard/me/password', {
        currentPassword: 'not the password',
        newPassword: 'a new password of the caller',
      }),
      status: 403,
    },
    {
      as: 'foreign PAT',
      call: call('GET', '/api/dashboard/tokens'),
      status: 200,
      check: (r) =>
        expect.soft((body(r).tokens as { id: number }[]).map((t) => t.id)).not.toContain(v.user.patId),
    },
    {
      // A body naming another user is ignored: the token is the caller's, and reaches nothing of v's.
      as: 'foreign PAT',
      call: call('POST', '/api/dashboard/tokens', { name: 'probe', userId: v.user.id, user_id: v.user.id }),
      status: 201,
      check: async (r) => {
        const token = body(r).token as string;
        const me = await stack.send(controlCall(token, 'GET', '/api/dashboard/me'));
        expect.soft(body(me).user).toMatchObject({ id: x.user.id });
        const theirs = await stack.send(controlCall(token, 'GET', `/api/projects/${v.projects[0].slug}`));
        expect.soft(theirs.status).toBe(404);
        const id = (body(r).pat as { id: number }).id;
        expect.soft((await stack.send(call('DELETE', `/api/dashboard/tokens/${id}`))).status).toBe(200);
      },
    },
    foreignId(pat, 'DELETE', (id) => `/api/dashboard/tokens/${id}`, v.user.patId, 'Token not found'),
    {
      as: 'foreign PAT',
      call: call('GET', '/api/projects'),
      status: 200,
      check: (r) =>
        expect
          .soft((body(r).projects as { slug: string }[]).map((p) => p.slug))
          .toEqual(x.projects.map((p) => p.slug)),
    },
    // Slugs are global (a URL names a project by its slug alone), so a taken one must answer 409.
    { as: 'foreign PAT', call: call('POST', '/api/projects', { slug: v.projects[0].slug }), status: 409 },
    foreignId(pat, 'DELETE', (id) => `/api/projects/${x1.slug}/members/${id}`, v.user.id, 'Member not found'),
    ...x.projects.flatMap((own) => v.projects.flatMap((theirs) => ownProjectCases(pat, own, theirs))),
    ...v.projects.flatMap((theirs) => foreignProjectCases(pat, x, v, theirs)),
    {
      as: 'foreign PAT',
      call: call('POST', `/api/logs/${x1.slug}/search`, { cursor: cursors.page }),
      status: 200,
      check: onlyOwn,
    },
    {
      as: 'foreign PAT',
      call: call('POST', `/api/logs/${x1.slug}/search`, { tail: true, cursor: cursors.tail }),
      status: 200,
      check: onlyOwn,
    },
    ...['/openapi.json', '/docs', '/docs/scalar.js', '/healthz', '/readyz', '/metrics'].map(
      (path): Case => ({ as: 'foreign PAT', call: call('GET', path), status: 200 }),
    ),
  ];
  return cases;
}

/** `x` on `theirs`, a project of the victim's, by its slug. */
function foreignProjectCases(pat: string, x: Tenant, v: Tenant, theirs: Project): Case[] {
  const at = (method: string, path: (slug: string) => string, json?: unknown) =>
    outsider(pat, theirs.slug, method, path, json);
  const query = {
    range: { from: '2026-06-10T00:00:00Z', to: '2026-06-11T00:00:00Z' },
    select: [{ aggregate: 'count', as: 'n' }],
  };
  const key = theirs.key.id;
  return [
    at('GET', (s) => `/api/projects/${s}`),
    at('GET', (s) => `/api/projects/${s}/usage`),
    at('GET', (s) => `/api/projects/${s}/members`),
    at('PUT', (s) => `/api/projects/${s}/members`, { email: x.user.email, role: 'owner' }),
    at('DELETE', (s) => `/api/projects/${s}/members/${v.user.id}`),
    at('POST', (s) => `/api/projects/${s}/transfer`, { email: x.user.email }),
    at('PATCH', (s) => `/api/projects/${s}/destination`, {
      type: 'webhook',
      webhook_url: 'http://127.0.0.1:9/x',
    }),
    at('GET', (s) => `/api/projects/${s}/destination/deliveries`),
    at('POST', (s) => `/api/projects/${s}/destination/test`),
    at('GET', (s) => `/api/projects/${s}/keys`),
    at('POST', (s) => `/api/projects/${s}/keys`, { name: 'stolen' }),
    at('POST', (s) => `/api/projects/${s}/keys/${key}/disable`),
    at('POST', (s) => `/api/projects/${s}/keys/${key}/enable`),
    at('DELETE', (s) => `/api/projects/${s}/keys/${key}`),
    at('GET', (s) => `/api/datasets/${s}`),
    at('POST', (s) => `/api/datasets/${s}`, { name: `Stolen ${x.tag}` }),
    ...[theirs.orders, theirs.defaults, theirs.drafts].flatMap((dataset) => [
      at('GET', (s) => `/api/datasets/${s}/${dataset.id}`),
      at('GET', (s) => `/api/datasets/${s}/${dataset.id}/stats`),
      at('POST', (s) => `/api/datasets/${s}/${dataset.id}/schema`, { fields: { label: 'string' } }),
      at('POST', (s) => `/api/datasets/${s}/${dataset.id}/query`, query),
      at('GET', (s) => `/api/datasets/${s}/${dataset.id}/quarantine`),
      at('POST', (s) => `/api/datasets/${s}/${dataset.id}/quarantine/replay`, {}),
      at('POST', (s) => `/api/datasets/${s}/${dataset.id}/quarantine/discard`, {}),
      at('GET', (s) => `/api/datasets/${s}/${dataset.id}/export?format=csv&from=2026-01-01&to=2027-01-01`),
      at('GET', (s) => `/api/datasets/${s}/${dataset.id}/schema/versions`),
      ...datasetLifecycleRequests(theirs.slug, dataset.id).map(([method, , json], i) =>
        at(method, (s) => datasetLifecycleRequests(s, dataset.id)[i]?.[1] ?? '', json),
      ),
    ]),
    at('POST', (s) => `/api/logs/${s}/search`, {}),
    at('POST', (s) => `/api/logs/${s}/search`, { tail: true }),
    at('POST', (s) => `/api/logs/${s}/volume`, { range: query.range }),
    at('POST', (s) => `/api/logs/${s}/facets`, { fields: ['env', 'metadata.user'] }),
    at('GET', (s) => `/api/logs/${s}/context?id=0-0-0`),
    at('GET', (s) => `/api/logs/${s}/tail?backlog=10`),
    at('GET', (s) => `/api/logs/${s}/export?format=csv`),
    // Bodies hono validates are judged before the project is looked up: the 400 must say the same
    // for a missing project, so it tells nothing about this one.
    ...[
      at('PUT', (s) => `/api/projects/${s}/members`, { role: 'owner' }),
      at('PATCH', (s) => `/api/projects/${s}/destination`, {}),
      at('POST', (s) => `/api/projects/${s}/keys`, { name: '' }),
      at('POST', (s) => `/api/datasets/${s}`, {}),
    ].map((c): Case => ({ ...c, status: 400, message: undefined })),
    // Membership is checked before the body is read: a broken body tells an outsider nothing either.
    at('POST', (s) => `/api/logs/${s}/search`, '{not json'),
    at('POST', (s) => `/api/logs/${s}/volume`, '{not json'),
    at('GET', (s) => `/api/logs/${s}/tail?q=${encodeURIComponent('{"sql":"x"}')}`),
    at('POST', (s) => `/api/datasets/${s}/${theirs.orders.id}/query`, '{not json'),
    at('POST', (s) => `/api/datasets/${s}/${theirs.drafts.id}/schema`, '{not json'),
    at('POST', (s) => `/api/datasets/${s}/${theirs.orders.id}/quarantine/replay`, '{not json'),
    // The export's query string is judged after the membership check.
    at('GET', (s) => `/api/datasets/${s}/${theirs.orders.id}/export?format=csv&from=later&to=sooner`),
  ];
}

/** `x` in its own project `own`, naming ids of `theirs` (a victim's project). */
function ownProjectCases(pat: string, own: Project, theirs: Project): Case[] {
  const slug = own.slug;
  const keyMissing = 'Ingest key not found';
  const key = theirs.key.id;
  return [
    foreignId(pat, 'POST', (id) => `/api/projects/${slug}/keys/${id}/disable`, key, keyMissing),
    foreignId(pat, 'POST', (id) => `/api/projects/${slug}/keys/${id}/enable`, key, keyMissing),
    foreignId(pat, 'DELETE', (id) => `/api/projects/${slug}/keys/${id}`, key, keyMissing),
    ...[theirs.orders, theirs.defaults, theirs.drafts].flatMap((dataset) => [
      foreignId(pat, 'GET', (id) => `/api/datasets/${slug}/${id}`, dataset.id, 'Dataset not found'),
      foreignId(pat, 'GET', (id) => `/api/datasets/${slug}/${id}/stats`, dataset.id, 'Dataset not found'),
      foreignId(
        pat,
        'GET',
        (id) => `/api/datasets/${slug}/${id}/schema/versions`,
        dataset.id,
        'Dataset not found',
      ),
      foreignId(pat, 'POST', (id) => `/api/datasets/${slug}/${id}/schema`, dataset.id, 'Dataset not found', {
        fields: { label: 'string' },
      }),
      foreignId(
        pat,
        'POST',
        (id) => `/api/datasets/${slug}/${id}/query`,
        dataset.id,
        'Dataset schema not found',
        {
          range: {},
          select: [],
        },
      ),
      foreignId(
        pat,
        'GET',
        (id) => `/api/datasets/${slug}/${id}/quarantine`,
        dataset.id,
        'Dataset not found',
      ),
      ...['replay', 'discard'].map((action) =>
        foreignId(
          pat,
          'POST',
          (id) => `/api/datasets/${slug}/${id}/quarantine/${action}`,
          dataset.id,
          'Dataset not found',
          {},
        ),
      ),
      foreignId(
        pat,
        'GET',
        (id) => `/api/datasets/${slug}/${id}/export?format=csv&from=2026-01-01&to=2027-01-01`,
        dataset.id,
        'Dataset not found',
      ),
      // The lifecycle routes answer for a victim's id exactly as for an id nobody has.
      ...datasetLifecycleRequests(slug, dataset.id).map(([method, , json], i) =>
        foreignId(
          pat,
          method,
          (id) => datasetLifecycleRequests(slug, id)[i]?.[1] ?? '',
          dataset.id,
          'Dataset not found',
          json,
        ),
      ),
    ]),
  ];
}
