import { datasetTableName } from '@quarry/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { waitUntil } from '../src/logs.ts';
import { controlCall, controlCases } from './isolation/control-cases.ts';
import { gatewayCases, wrongPlaneCases } from './isolation/gateway-cases.ts';
import { memberReadCases, readOnlyMemberCases, removedMemberCases } from './isolation/member-cases.ts';
import { type Case, Ledger, runCase } from './isolation/probe.ts';
import { liveRoutes, type RouteKey } from './isolation/routes.ts';
import { census, snapshot } from './isolation/snapshot.ts';
import { openStack, type Stack } from './isolation/stack.ts';
import {
  createTenant,
  createUser,
  ingestSeed,
  secretsOf,
  sendOk,
  type Tenant,
  type User,
} from './isolation/tenants.ts';

// Two owners with two projects each, data stored through the real gateway and writer; then every
// route of both services is tried with the other tenant's PAT, ingest key, slugs and ids.
let stack: Stack;
let tenants: Record<'A' | 'B', Tenant>;
let member: User;
let routes: RouteKey[];
const ledger = new Ledger();

beforeAll(async () => {
  stack = await openStack();
  tenants = { A: await createTenant(stack, 'a'), B: await createTenant(stack, 'b') };
  const { A, B } = tenants;
  member = await createUser(stack, A.tag, 'member');
  await sendOk(stack, addMember(A, member, 'member'), 200);
  await ingestSeed(stack, A, B.projects[0]);
  await ingestSeed(stack, B, A.projects[0]);
  await stack.caughtUp();
  for (const project of [...A.projects, ...B.projects]) {
    const { receiver } = project;
    if (receiver)
      await waitUntil(() => receiver.messages().length >= project.sent.logs.length, 20_000, 'webhooks');
  }
  routes = await liveRoutes(stack);
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

const addMember = (owner: Tenant, user: User, role: string) =>
  controlCall(owner.user.pat, 'PUT', `/api/projects/${owner.projects[0].slug}/members`, {
    email: user.email,
    role,
  });

async function run(cases: Case[], secrets: string[]): Promise<void> {
  for (const c of cases) await runCase(stack, routes, ledger, c, secrets);
}

const column = (table: string, name: string) =>
  stack.warehouse.query({
    name: 'isolation.column',
    sql: `SELECT toString(\`${name}\`) AS value FROM \`${table}\` ORDER BY value`,
    schema: z.object({ value: z.string() }),
  });

describe('tenant isolation', () => {
  it("stores each project's records, logs and webhook deliveries in that project only", async () => {
    for (const [name, tenant] of Object.entries(tenants)) {
      for (const project of tenant.projects) {
        const sorted = (values: string[]) => [...values].sort();
        const labels = await column(datasetTableName(project.orders.id), 'label');
        expect(
          labels.map((row) => row.value),
          `${name} labels`,
        ).toEqual(sorted(project.sent.labels));
        const notes = await column(datasetTableName(project.defaults.id), 'note');
        expect(
          notes.map((row) => row.value),
          `${name} notes`,
        ).toEqual(sorted(project.sent.notes));
        const logs = await stack.warehouse.query({
          name: 'isolation.logs',
          sql: 'SELECT message FROM logs WHERE project_id = {project:UInt64} ORDER BY message',
          params: { project: project.id },
          schema: z.object({ message: z.string() }),
        });
        // The event whose metadata and headers named another project is among these: it stayed here.
        expect(
          logs.map((row) => row.message),
          `${name} logs`,
        ).toEqual(sorted(project.sent.logs));
        if (project.receiver) expect(sorted(project.receiver.messages())).toEqual(sorted(project.sent.logs));
      }
    }
    // Nothing else is stored anywhere: every row of the warehouse is one of the seeded ones.
    const sent = Object.values(tenants).flatMap((tenant) => tenant.projects.map((project) => project.sent));
    const counts = (await census(stack, [tenants.A.user.id, tenants.B.user.id])).warehouse;
    const datasetRows = Object.entries(counts).filter(([table]) => table.startsWith('ds_'));
    expect(datasetRows.reduce((sum, [, n]) => sum + n, 0)).toBe(
      sent.reduce((sum, s) => sum + s.labels.length + s.notes.length, 0),
    );
    expect(counts.logs).toBe(sent.reduce((sum, s) => sum + s.logs.length, 0));
    // Each owner's own answers (API, catalog, warehouse, webhooks) hold nothing of the other's.
    for (const [self, other] of [['A', 'B'] as const, ['B', 'A'] as const]) {
      const text = JSON.stringify(await snapshot(stack, tenants[self]));
      expect(secretsOf(tenants[other]).filter((secret) => text.includes(secret))).toEqual([]);
    }
  });

  it.each([
    ['B', 'A'],
    ['A', 'B'],
  ] as const)(
    "%s's credentials reach nothing of %s's, which answers as missing and is unchanged",
    async (attacker, victim) => {
      const x = tenants[attacker];
      const v = tenants[victim];
      const users = [tenants.A.user.id, tenants.B.user.id, member.id];
      const cursors = await victimCursors(v);
      const before = await snapshot(stack, v);
      const counted = await census(stack, users);
      const cases = [...controlCases(stack, x, v, cursors), ...gatewayCases(x, v)];
      await run([...cases, ...wrongPlaneCases(cases, routes, x)], secretsOf(v));

      await stack.caughtUp();
      expect(await snapshot(stack, v)).toStrictEqual(before);
      expect(await census(stack, users)).toStrictEqual(counted);
      // The victim's keys were never disabled, even briefly: the gateway still takes them.
      for (const project of v.projects) {
        const call = { service: 'gateway' as const, method: 'POST', path: `/datasets/${project.orders.id}` };
        const reply = await stack.send({ ...call, body: [], credential: project.key.apiKey });
        expect(reply.json).toMatchObject({ message: 'Payload must be an object' });
      }
    },
    120_000,
  );

  it("lets a read-only member read the project but not write to it, nor reach the owner's other project", async () => {
    const { A, B } = tenants;
    const before = await snapshot(stack, A);
    await run(readOnlyMemberCases(A, member), secretsOf(B));
    expect(await snapshot(stack, A)).toStrictEqual(before);
  }, 60_000);

  it('takes every access away from a removed member at once', async () => {
    const { A, B } = tenants;
    const before = await snapshot(stack, A);
    const admin = await createUser(stack, A.tag, 'admin');
    await sendOk(stack, addMember(A, admin, 'admin'), 200);
    await run(memberReadCases(A, admin), secretsOf(B));
    const path = `/api/projects/${A.projects[0].slug}/members/${admin.id}`;
    await sendOk(stack, controlCall(A.user.pat, 'DELETE', path), 204);
    await run(removedMemberCases(A, admin), [...secretsOf(A), ...secretsOf(B)]);
    expect(await snapshot(stack, A)).toStrictEqual(before);
  }, 60_000);

  it('tried every route the two services serve, so a new route cannot skip this review', () => {
    const untried = routes.filter((route) => !ledger.hits.has(route));
    const unknown = [...ledger.hits.keys()].filter((route) => !routes.includes(route));
    expect({ untried, unknown }).toEqual({ untried: [], unknown: [] });
    const byCredential: Record<string, number> = {};
    for (const credential of [...ledger.hits.values()].flatMap((credentials) => [...credentials])) {
      byCredential[credential] = (byCredential[credential] ?? 0) + 1;
    }
    const pairs = Object.values(byCredential).reduce((sum, n) => sum + n, 0);
    console.info(
      `tenant isolation: ${routes.length} routes, ${pairs} route × credential pairs, ` +
        `${ledger.cases} requests (${ledger.twins} compared with a missing resource); ` +
        `routes per credential: ${JSON.stringify(byCredential)}`,
    );
  });
});

/** The victim's own page and tail cursors, which the attacker then replays on its own project. */
async function victimCursors(v: Tenant): Promise<{ page: string; tail: string }> {
  const path = `/api/logs/${v.projects[0].slug}/search`;
  const page = await sendOk(stack, controlCall(v.user.pat, 'POST', path, { limit: 1 }), 200);
  const tail = await sendOk(stack, controlCall(v.user.pat, 'POST', path, { limit: 1, tail: true }), 200);
  const field = (reply: { json: unknown }, name: string) => {
    const value = (reply.json as Record<string, unknown>)[name];
    if (typeof value !== 'string') throw new Error(`no ${name} in ${JSON.stringify(reply.json)}`);
    return value;
  };
  return { page: field(page, 'nextCursor'), tail: field(tail, 'cursor') };
}
