import { NOWHERE } from './control-cases.ts';
import type { Case } from './probe.ts';
import type { RouteKey } from './routes.ts';
import { routeOf } from './routes.ts';
import type { Call } from './stack.ts';
import type { DatasetRef, Tenant } from './tenants.ts';

const SCHEMA_404 = 'Dataset schema not found';

const gatewayCall = (
  credential: string | undefined,
  path: string,
  body: unknown,
  headers?: Record<string, string>,
) => ({ service: 'gateway', method: 'POST', path, body, credential, headers }) satisfies Call;

/**
 * `x`'s ingest keys on datasets that are not their project's: the victim's (registered or not) and
 * the other project of the same owner. Each record is valid for the target's schema, so only the
 * project check can refuse it; an unknown id must answer the same.
 */
export function gatewayCases(x: Tenant, v: Tenant): Case[] {
  const cases: Case[] = [];
  const [first, second] = x.projects;
  for (const [own, sibling] of [
    [first, second],
    [second, first],
  ] as const) {
    const key = own.key.apiKey;
    const targets = [
      ...v.projects.flatMap((p) => [p.orders, p.defaults, p.drafts]),
      sibling.orders,
      sibling.defaults,
    ];
    for (const target of targets) {
      const record = recordFor(target, x.tag);
      const byHeader = (id: number) => ({ 'x-loguro-dataset-id': String(id) });
      const pairs: [Call, Call][] = [
        [
          gatewayCall(key, `/datasets/${target.id}`, record),
          gatewayCall(key, `/datasets/${NOWHERE.id}`, record),
        ],
        [
          gatewayCall(key, `/datasets/${target.id}/batch`, [record]),
          gatewayCall(key, `/datasets/${NOWHERE.id}/batch`, [record]),
        ],
        [
          gatewayCall(key, '/datasets', record, byHeader(target.id)),
          gatewayCall(key, '/datasets', record, byHeader(NOWHERE.id)),
        ],
        [
          gatewayCall(key, '/datasets/batch', [record], byHeader(target.id)),
          gatewayCall(key, '/datasets/batch', [record], byHeader(NOWHERE.id)),
        ],
      ];
      for (const [call, twin] of pairs)
        cases.push({ as: 'foreign ingest key', call, twin, status: 404, message: SCHEMA_404 });
    }
    // A log request cannot name a project: the key's claims choose it, and a try is refused whole.
    const [theirs] = v.projects;
    const attempt = `attack ${x.tag}`;
    cases.push(
      {
        as: 'foreign ingest key',
        call: gatewayCall(key, '/v1/logs', { events: [{ message: attempt }], project: theirs.slug }),
        status: 400,
        message: 'Unknown field: project',
      },
      {
        as: 'foreign ingest key',
        call: gatewayCall(key, '/v1/logs', { events: [{ message: attempt, project_id: theirs.id }] }),
        status: 400,
        message: 'Unknown field: project_id',
      },
      {
        as: 'foreign ingest key',
        call: gatewayCall(key, '/v1/ingest', { message: attempt, projectId: theirs.id }),
        status: 400,
        message: 'Unknown field: projectId',
      },
      {
        // OTLP has no project field at all: the key's claims choose the project. An empty export
        // stores nothing, and puts the route in the census: a PAT and no credential get 401 below.
        as: 'foreign ingest key',
        call: gatewayCall(key, '/otlp/v1/logs', { resourceLogs: [] }),
        status: 200,
      },
    );
  }
  for (const path of ['/openapi.json', '/healthz', '/readyz', '/metrics']) {
    cases.push({ as: 'no credential', call: { service: 'gateway', method: 'GET', path }, status: 200 });
  }
  return cases;
}

/** A record the target dataset's schema accepts, marked so a stored copy would be found. */
function recordFor(target: DatasetRef, tag: string): Record<string, unknown> {
  const base = { timestamp: '2026-06-10T12:00:00Z', context: { attack: tag } };
  return target.name.startsWith('Default')
    ? { ...base, note: `attack-${tag}` }
    : { ...base, label: `attack-${tag}`, amount: 1 };
}

/**
 * For every authenticated route already in `cases`, the same request with the other plane's
 * credential (an ingest key on the control API, a PAT on the gateway) and with none: both 401.
 */
export function wrongPlaneCases(cases: Case[], routes: RouteKey[], x: Tenant): Case[] {
  const seen = new Set<RouteKey>();
  const out: Case[] = [];
  for (const c of cases) {
    const route = routeOf(routes, c.call.service, c.call.method, c.call.path);
    const isPublic =
      c.call.credential === undefined || !/^\/(api|datasets|v1|otlp)\//.test(`${c.call.path}/`);
    if (isPublic || seen.has(route)) continue;
    seen.add(route);
    const control = c.call.service === 'control';
    const wrong = control ? x.projects[0].key.apiKey : x.user.pat;
    out.push(
      {
        as: control ? 'ingest key on the control API' : 'PAT on the gateway',
        call: { ...c.call, credential: wrong },
        status: 401,
        message: control ? 'Invalid or revoked personal access token' : 'Invalid API key',
      },
      {
        as: 'no credential',
        call: { ...c.call, credential: undefined },
        status: 401,
        message: control ? 'Missing bearer token' : 'Missing API key',
      },
    );
  }
  return out;
}
