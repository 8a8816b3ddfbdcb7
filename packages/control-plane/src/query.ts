import { ApiError } from '@quarry/contract';
import { datasetTableName } from '@quarry/pipeline';
import { answerJson, prepareQuery, type Statement, shapeResult } from '@quarry/query';
import { type AddedFields, type DatasetSchema, queryableSchema } from '@quarry/schema';
import { WarehouseError } from '@quarry/warehouse';
import type { VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { gated } from './query-gate.ts';

export interface QueryResult {
  rows: Record<string, unknown>[];
  dataset: { id: number; name: string; slug: string };
  /** Only present when more rows matched than `limit`. */
  truncated?: true;
  nextCursor?: string;
  /** Only when the query asked for `totals`: its aggregates over every row range and where select. */
  totals?: Record<string, unknown>;
}

const TIMEOUT = '159';
// CANNOT_COMPILE_REGEXP: a `matches` pattern RE2 cannot parse, which the compiler does not check in full.
const BAD_PATTERN = '427';
const LIMITS_HIT = new Set(['158', '241', '396']);
// The engine answered, but about its own state (a table or database missing), not the statement.
const UNKNOWN_TABLE = '60';
const ENGINE_STATE = new Set([UNKNOWN_TABLE, '81']);

/**
 * Runs an aggregate query over a dataset the actor's project owns, answering the contract's JSON
 * text. The table comes from the dataset id through the catalog; fields, aliases and values are
 * checked and bound by the compiler. Rows go from the engine's JSON to the answer without being
 * parsed into objects and serialised again (answerJson keeps the bytes JSON.stringify would write).
 */
export async function queryDatasetJson(
  ctx: VerbContext,
  slug: string,
  id: number,
  body: unknown,
): Promise<string> {
  let dataset = queryable(await readQueryTarget(ctx, slug, id));
  let prepared = prepareOn(dataset, id, body);
  // A cached target may predate a schema version another replica published: a refused query is
  // checked once more against the catalog, so a field added there is never reported as unknown.
  if (!prepared.ok && ctx.deps.reads) {
    dataset = queryable(await readQueryTarget(ctx, slug, id, { fresh: true }));
    prepared = prepareOn(dataset, id, body);
  }
  if (!prepared.ok) throw new ApiError(400, prepared.message);
  const { compiled } = prepared;
  const run = (name: string, { sql, params, settings }: Statement) =>
    ctx.deps.warehouse.queryJsonRows({ name, sql, params, settings });
  try {
    // One slot of the project's query gate for both statements: totals is part of the same question.
    const [rows, totals] = await gated(ctx.deps.queryGate, Number(dataset.project_id), () =>
      Promise.all([
        run('datasets.query', compiled),
        compiled.totals ? run('datasets.query.totals', compiled.totals) : undefined,
      ]),
    );
    const shaped = shapeResult(rows, compiled);
    // Inside the try: a row the engine wrote as something JSON cannot read fails like an engine error.
    return answerJson({
      rows: shaped.rows,
      dataset: { id: Number(dataset.id), name: dataset.name, slug: dataset.slug },
      truncated: shaped.truncated,
      nextCursor: shaped.nextCursor,
      totals: totals ? (totals[0] ?? '{}') : undefined,
    });
  } catch (error) {
    // A cached target may be a dataset another replica has deleted since: its table is gone.
    if (error instanceof WarehouseError && error.code === UNKNOWN_TABLE && ctx.deps.reads) {
      queryable(await readQueryTarget(ctx, slug, id, { fresh: true }));
    }
    throw queryFailure(error);
  }
}

/** Compiles `body` against every field of every published version (older rows read their defaults). */
function prepareOn(dataset: ReturnType<typeof queryable>, id: number, body: unknown) {
  const schema = queryableSchema({ fields: dataset.schema.fields, added: dataset.added_fields ?? {} });
  return prepareQuery(body, { table: datasetTableName(id), schema, datasetId: id, now: Date.now() });
}

/** The target's 404s: not a member (or no such project), then no such dataset or no schema yet. */
function queryable(row: QueryTargetRow | undefined) {
  if (!row) throw new ApiError(404, MESSAGES.projectNotFound);
  const { schema } = row;
  if (!schema) throw new ApiError(404, MESSAGES.datasetSchemaNotFound);
  return { ...row, schema };
}

/** The caller's membership and the dataset, as one row: no row when the caller is not a member. */
export interface QueryTargetRow {
  id: string | null;
  project_id: string;
  name: string;
  slug: string;
  schema: DatasetSchema | null;
  added_fields: AddedFields | null;
}

/**
 * Membership and the dataset in one catalog read, kept in `deps.reads` when given: queries are the
 * control plane's hot path. Only a dataset with a schema is kept, so a new one is seen at once.
 */
async function readQueryTarget(ctx: VerbContext, slug: string, id: number, options = { fresh: false }) {
  const read = async () => {
    const [row] = await ctx.deps.db.query<QueryTargetRow>(
      `SELECT d.id, p.id AS project_id, d.name, d.slug, d.schema, d.added_fields FROM projects p
       JOIN project_members m ON m.project_id = p.id AND m.user_id = $1
       LEFT JOIN datasets d ON d.project_id = p.id AND d.id = $3 AND d.deleted_at IS NULL
       WHERE p.slug = $2`,
      [ctx.actor.userId, slug, id],
    );
    return row;
  };
  const cache = ctx.deps.reads?.queryTargets;
  if (!cache) return read();
  const key = `${ctx.actor.userId}/${slug}/${id}`;
  if (options.fresh) cache.forget(key);
  return cache.read(key, read, (row) => Boolean(row?.schema));
}

/** The same answer as an object, for callers that are not HTTP. */
export async function queryDataset(
  ctx: VerbContext,
  slug: string,
  id: number,
  body: unknown,
): Promise<QueryResult> {
  return JSON.parse(await queryDatasetJson(ctx, slug, id, body)) as QueryResult;
}

/** Runs warehouse work, answering its failure as a query's would be (504, 422 or 503), never a 500. */
export async function runQuery<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw queryFailure(error);
  }
}

/**
 * Maps a failed query to its answer. The time and memory guards are 504 and 422; any other error the
 * engine raised about the statement (a value it cannot parse or compute) is the query's fault: 422,
 * never a 503 with Retry-After that a client would retry forever. Only a transport failure or load
 * (WarehouseError.retriable) is "retry later".
 */
export function queryFailure(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = error instanceof WarehouseError ? error.code : undefined;
  if (code === BAD_PATTERN) return new ApiError(400, MESSAGES.invalidPattern, { cause: error });
  if (code === TIMEOUT)
    return new ApiError(504, 'Query exceeded the time limit; narrow the range or filters', { cause: error });
  if (code && LIMITS_HIT.has(code)) {
    return new ApiError(
      422,
      'Query exceeds the result or memory limits; narrow the range, filters or groups',
      { cause: error },
    );
  }
  if (error instanceof WarehouseError && code && !error.retriable && !ENGINE_STATE.has(code)) {
    return new ApiError(422, MESSAGES.queryRefused, { cause: error });
  }
  return new ApiError(503, 'Query engine unavailable; retry later', {
    headers: { 'Retry-After': '5' },
    cause: error,
  });
}
