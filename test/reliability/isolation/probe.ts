import { expect } from 'vitest';
import { type RouteKey, routeOf } from './routes.ts';
import type { Call, Reply, Stack } from './stack.ts';

export interface Case {
  /** The credential used, for the matrix summary: `PAT`, `ingest key`, `none`, … */
  as: string;
  call: Call;
  status: number;
  /** The error message, when one is expected. */
  message?: string;
  /** The same request aimed at a resource that does not exist: a foreign one must answer the same. */
  twin?: Call;
  /** More checks on the answer, e.g. that a list holds only the caller's own. */
  check?: (reply: Reply) => void | Promise<void>;
}

/** Which route × credential pairs were tried, for the coverage check and the summary. */
export class Ledger {
  readonly hits = new Map<RouteKey, Set<string>>();
  cases = 0;
  twins = 0;

  note(route: RouteKey, as: string, twin: boolean): void {
    const credentials = this.hits.get(route) ?? new Set<string>();
    credentials.add(as);
    this.hits.set(route, credentials);
    this.cases += 1;
    if (twin) this.twins += 1;
  }
}

const describeCall = (c: Case) =>
  `${c.call.service} ${c.call.method} ${c.call.path} as ${c.as} ${JSON.stringify(c.call.body ?? '')}`.slice(
    0,
    300,
  );

/** The answer without the per-request id, which always differs. */
function comparable(reply: Reply) {
  const json = reply.json;
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const { requestId: _requestId, ...rest } = json as Record<string, unknown>;
    return { status: reply.status, json: rest };
  }
  return { status: reply.status, json: json ?? reply.text };
}

/**
 * Sends a case and checks its status, that the answer holds none of `secrets` (the other tenant's
 * identifiers and values) unless the request itself carried it, and that a foreign resource is
 * answered exactly like a missing one. Soft assertions: one run lists every failing case.
 */
export async function runCase(
  stack: Stack,
  routes: RouteKey[],
  ledger: Ledger,
  c: Case,
  secrets: string[],
): Promise<Reply> {
  const what = describeCall(c);
  const reply = await stack.send(c.call);
  expect.soft(reply.status, `${what} → ${reply.text.slice(0, 300)}`).toBe(c.status);
  if (c.message !== undefined) {
    expect.soft((reply.json as { message?: unknown } | undefined)?.message, what).toBe(c.message);
  }
  const asked = JSON.stringify(c.call);
  const answered = `${reply.text}\n${JSON.stringify([...reply.headers])}`;
  for (const secret of secrets) {
    if (!asked.includes(secret))
      expect.soft(answered.includes(secret), `${what} leaks ${secret}`).toBe(false);
  }
  if (c.twin) {
    const twin = await stack.send(c.twin);
    expect
      .soft(comparable(twin), `${what}: foreign and missing answer alike`)
      .toStrictEqual(comparable(reply));
  }
  await c.check?.(reply);
  ledger.note(routeOf(routes, c.call.service, c.call.method, c.call.path), c.as, c.twin !== undefined);
  return reply;
}
