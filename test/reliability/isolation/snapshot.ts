import { datasetTableName } from '@quarry/pipeline';
import { z } from 'zod';
import type { Stack } from './stack.ts';
import { RANGE, type Tenant } from './tenants.ts';

const AnyRow = z.record(z.string(), z.unknown());

/** A query that returns every stored value of a dataset's one declared string field. */
export const everyValue = (field: string) => ({
  range: RANGE,
  select: [{ field }, { aggregate: 'count', as: 'n' }],
  groupBy: [field],
  orderBy: [{ field, direction: 'asc' }],
  limit: 1_000,
});

/**
 * Everything a tenant owns, read through its own PAT and directly from the catalog, the warehouse,
 * the counters and its webhook receivers. Two snapshots must be equal when nothing was changed.
 */
export async function snapshot(stack: Stack, tenant: Tenant) {
  const api: Record<string, { status: number; body: unknown }> = {};
  const read = async (method: string, path: string, body?: unknown) => {
    const reply = await stack.send({ service: 'control', method, path, body, credential: tenant.user.pat });
    // A key's lastUsedAt is written by the gateways' 30 s flush of the tenant's own earlier ingest,
    // whenever that timer fires: not something an attacker changed.
    const answer = path.endsWith('/keys') ? withoutLastUse(reply.json) : reply.json;
    api[`${method} ${path}`] = { status: reply.status, body: answer };
  };
  await read('GET', '/api/dashboard/me');
  await read('GET', '/api/dashboard/tokens');
  await read('GET', '/api/projects');
  for (const project of tenant.projects) {
    for (const suffix of ['', '/members', '/keys'])
      await read('GET', `/api/projects/${project.slug}${suffix}`);
    await read('GET', `/api/datasets/${project.slug}`);
    for (const dataset of [project.orders, project.defaults, project.drafts]) {
      await read('GET', `/api/datasets/${project.slug}/${dataset.id}`);
    }
    await read('POST', `/api/datasets/${project.slug}/${project.orders.id}/query`, everyValue('label'));
    await read('POST', `/api/datasets/${project.slug}/${project.defaults.id}/query`, everyValue('note'));
    await read('POST', `/api/datasets/${project.slug}/${project.drafts.id}/query`, everyValue('label'));
    await read('POST', `/api/logs/${project.slug}/search`, { limit: 1_000 });
  }
  return {
    api,
    catalog: await catalogRows(stack, tenant),
    warehouse: await warehouseRows(stack, tenant),
    counters: await counters(stack, tenant),
    webhooks: tenant.projects.map((project) => project.receiver?.requests.map((request) => request.body)),
  };
}

const withoutLastUse = (json: unknown): unknown =>
  JSON.parse(JSON.stringify(json), (key, value) => (key === 'lastUsedAt' ? undefined : value));

async function catalogRows(stack: Stack, tenant: Tenant) {
  const projects = tenant.projects.map((project) => project.id);
  const rows = async (sql: string, params: unknown[]) =>
    (await stack.backends.catalog.query(sql, params)).rows;
  return {
    user: await rows('SELECT * FROM users WHERE id = $1', [tenant.user.id]),
    pats: await rows('SELECT * FROM personal_access_tokens WHERE user_id = $1 ORDER BY id', [tenant.user.id]),
    projects: await rows('SELECT * FROM projects WHERE id = ANY($1) ORDER BY id', [projects]),
    members: await rows('SELECT * FROM project_members WHERE project_id = ANY($1) ORDER BY 1, 2', [projects]),
    datasets: await rows('SELECT * FROM datasets WHERE project_id = ANY($1) ORDER BY id', [projects]),
    keys: await rows('SELECT * FROM ingest_keys WHERE project_id = ANY($1) ORDER BY id', [projects]),
    deliveries: await rows(
      `SELECT project_id, source_partition, source_offset, events, event_count, state
       FROM log_deliveries WHERE project_id = ANY($1) ORDER BY id`,
      [projects],
    ),
  };
}

async function warehouseRows(stack: Stack, tenant: Tenant) {
  const rows: Record<string, unknown[]> = {};
  const order = 'ORDER BY __sourcePartition, __sourceOffset, __sourceIndex';
  for (const project of tenant.projects) {
    for (const dataset of [project.orders, project.defaults]) {
      const table = datasetTableName(dataset.id);
      rows[table] = await stack.warehouse.query({
        name: 'isolation.dataset_rows',
        sql: `SELECT * FROM \`${table}\` ${order}`,
        schema: AnyRow,
      });
    }
    rows[`logs:${project.id}`] = await stack.warehouse.query({
      name: 'isolation.log_rows',
      sql: `SELECT * FROM logs WHERE project_id = {project:UInt64} ${order}`,
      params: { project: project.id },
      schema: AnyRow,
    });
  }
  return rows;
}

/** Monthly usage: a refused request must not be charged to anyone. */
async function counters(stack: Stack, tenant: Tenant) {
  const period = new Date().toISOString().slice(0, 7);
  const owners = [`datasets:${tenant.user.id}`, ...tenant.projects.map((project) => `logs:${project.id}`)];
  const values: Record<string, string | null> = {};
  for (const owner of owners) {
    for (const kind of ['usage_total', 'usage_delta']) {
      const key = `${kind}:${owner}:${period}`;
      values[key] = await stack.backends.counters.get(key);
    }
  }
  return values;
}

/**
 * Row counts of every table the run's tenants can reach, in the catalog (scoped to the given users)
 * and in the whole warehouse (ours alone): a refused write must not add a row anywhere.
 */
export async function census(stack: Stack, userIds: number[]) {
  const count = async (sql: string) =>
    Number((await stack.backends.catalog.query<{ n: string }>(sql, [userIds])).rows[0]?.n);
  const mine = 'SELECT id FROM projects WHERE owner_user_id = ANY($1)';
  const catalog = {
    users: await count('SELECT count(*) AS n FROM users WHERE id = ANY($1)'),
    projects: await count(`SELECT count(*) AS n FROM (${mine}) p`),
    members: await count(`SELECT count(*) AS n FROM project_members WHERE project_id IN (${mine})`),
    memberships: await count('SELECT count(*) AS n FROM project_members WHERE user_id = ANY($1)'),
    datasets: await count(`SELECT count(*) AS n FROM datasets WHERE project_id IN (${mine})`),
    keys: await count(`SELECT count(*) AS n FROM ingest_keys WHERE project_id IN (${mine})`),
    deliveries: await count(`SELECT count(*) AS n FROM log_deliveries WHERE project_id IN (${mine})`),
  };
  const tables = await stack.warehouse.query({
    name: 'isolation.tables',
    sql: 'SELECT name, engine FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    schema: z.object({ name: z.string(), engine: z.string() }),
  });
  const warehouse: Record<string, number> = {};
  for (const { name, engine } of tables) {
    // A background merge collapses a ReplacingMergeTree's versions (the offsets ledger) at any time:
    // counted as merged, or the census would change without any request.
    const final = engine.startsWith('Replacing') ? ' FINAL' : '';
    const [row] = await stack.warehouse.query({
      name: 'isolation.table_count',
      sql: `SELECT count() AS n FROM \`${name}\`${final}`,
      schema: z.object({ n: z.coerce.number() }),
    });
    warehouse[name] = row?.n ?? -1;
  }
  return { catalog, warehouse, messages: await stack.producedMessages() };
}
