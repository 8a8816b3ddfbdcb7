import { ApiError } from '@quarry/contract';
import { LOGS_TABLE, logEventId } from '@quarry/pipeline';
import { GUARDS } from '@quarry/query';
import { WarehouseError } from '@quarry/warehouse';
import { z } from 'zod';
import type { VerbContext } from './deps.ts';
import {
  type Bound,
  decodeCursor,
  encodePageCursor,
  encodeTailCursor,
  type Position,
  type TailPositions,
} from './logs-search-cursor.ts';
import {
  BOUND,
  boundParams,
  COLUMNS,
  compileFilters,
  KNOWN,
  LOG_SEARCH_LIMITS,
  LogFilterBody,
  type LogFilterInput,
  LogSearchBody,
  PAGE_AFTER,
  POSITION,
  pageParams,
} from './logs-search-sql.ts';
import { requireProject } from './projects.ts';
import { queryFailure } from './query.ts';
import { gated } from './query-gate.ts';

export { LOG_SEARCH_LIMITS, LogSearchBody, type LogSearchInput } from './logs-search-sql.ts';

/** One stored event: the same fields and id as webhook and direct database deliveries. */
export interface LogSearchEvent {
  id: string;
  timestamp: string;
  level: string;
  message: string;
  metadata: unknown;
  env: string;
  source: string;
  traceId: string;
  ingestedAt: string;
}

export type LogSearchResult =
  | { events: LogSearchEvent[]; nextCursor?: string }
  | { events: LogSearchEvent[]; cursor: string; more: boolean };

export const Row = z.object({
  timestamp: z.string(),
  level: z.string(),
  message: z.string(),
  metadata: z.string(),
  env: z.string(),
  source: z.string(),
  trace_id: z.string(),
  ingested_at: z.string(),
  partition: z.coerce.number(),
  offset: z.string(),
  index: z.coerce.number(),
});
export type Row = z.infer<typeof Row>;

const UNKNOWN_TABLE = '60';

/**
 * Searches a project's stored logs. The project comes from the catalog through the caller's
 * membership, never from the request; every value is a bound parameter. Pages run newest first
 * (event time, then bus position); `tail` returns what arrived after a tail cursor, oldest first.
 */
export async function searchLogs(ctx: VerbContext, slug: string, body: unknown): Promise<LogSearchResult> {
  const project = await requireProject(ctx, slug);
  const parsed = LogSearchBody.safeParse(body);
  if (!parsed.success) throw new ApiError(400, describeIssue(parsed.error));
  const input = parsed.data;
  const projectId = Number(project.id);
  const limit = input.limit ?? LOG_SEARCH_LIMITS.defaultLimit;
  const cursor = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  if (cursor === null || (cursor && (cursor.kind === 'tail') !== (input.tail === true))) {
    throw new ApiError(400, 'Invalid cursor');
  }
  const filters = compileFilters(projectId, input);
  const run: Run = (name, sql, params, rows, schema) =>
    runLogQuery(ctx, projectId, { name, sql, params: { ...filters.params, ...params }, rows, schema });

  if (input.tail) {
    return tail(run, filters.where, limit, cursor?.kind === 'tail' ? cursor.positions : undefined);
  }
  const after = cursor?.kind === 'page' ? cursor.position : undefined;
  const rows = await run(
    'logs.search',
    `SELECT ${COLUMNS} FROM ${LOGS_TABLE} WHERE ${filters.where}${after ? PAGE_AFTER : ''}
     ORDER BY timestamp DESC, __sourcePartition DESC, __sourceOffset DESC, __sourceIndex DESC
     LIMIT {fetch:UInt32}`,
    { fetch: limit + 1, ...(after ? pageParams(after) : {}) },
    limit + 1,
    Row,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(toEvent),
    ...(rows.length > limit && last ? { nextCursor: encodePageCursor(positionOf(last)) } : {}),
  };
}

/**
 * The filters of a GET route (live tail, download), sent as one JSON parameter: checked after the
 * caller's membership, like a search body (an outsider learns nothing from a 400).
 */
export async function readLogFilters(
  ctx: VerbContext,
  slug: string,
  q: string | undefined,
): Promise<LogFilterInput> {
  await requireProject(ctx, slug);
  let value: unknown = {};
  try {
    if (q !== undefined) value = JSON.parse(q);
  } catch {
    throw new ApiError(400, 'q: not JSON (the search filters as one JSON object)');
  }
  const parsed = LogFilterBody.safeParse(value);
  if (!parsed.success) throw new ApiError(400, `q: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

type Run = <S extends z.ZodType>(
  name: string,
  sql: string,
  params: Record<string, unknown>,
  rows: number,
  schema: S,
) => Promise<z.output<S>[]>;

const End = z.object({ partition: z.coerce.number(), offset: z.string(), index: z.coerce.number() });

/**
 * Tail by bus position, which is arrival order. Without a cursor: the latest `limit` matches and a
 * cursor at the newest stored position of every partition (taken first, so nothing that lands
 * meanwhile is lost). With one: matches after the cursor's position in their partition.
 */
async function tail(
  run: Run,
  where: string,
  limit: number,
  from: TailPositions | undefined,
): Promise<LogSearchResult> {
  if (from === undefined) {
    const ends = await run(
      'logs.tail_start',
      `SELECT __sourcePartition AS partition, toString(tupleElement(max(${POSITION}), 1)) AS offset,
         tupleElement(max(${POSITION}), 2) AS index
       FROM ${LOGS_TABLE} WHERE project_id = {project:UInt64} GROUP BY __sourcePartition`,
      {},
      10_000,
      End,
    );
    const positions: TailPositions = ends.map((row) => [row.partition, row.offset, row.index]);
    if (positions.length === 0) return { events: [], cursor: encodeTailCursor(positions), more: false };
    const rows = await run(
      'logs.tail_latest',
      `SELECT ${COLUMNS} FROM ${LOGS_TABLE} WHERE ${where} AND ${KNOWN} > 0 AND ${POSITION} <= ${BOUND}
       ORDER BY ingested_at DESC, __sourcePartition DESC, __sourceOffset DESC, __sourceIndex DESC
       LIMIT {fetch:UInt32}`,
      { fetch: limit, ...boundParams(positions) },
      limit,
      Row,
    );
    return { events: rows.reverse().map(toEvent), cursor: encodeTailCursor(positions), more: false };
  }
  const rows = await run(
    'logs.tail',
    `SELECT ${COLUMNS} FROM ${LOGS_TABLE} WHERE ${where} AND (${KNOWN} = 0 OR ${POSITION} > ${BOUND})
     ORDER BY __sourcePartition, __sourceOffset, __sourceIndex
     LIMIT {fetch:UInt32}`,
    { fetch: limit + 1, ...boundParams(from) },
    limit + 1,
    Row,
  );
  const page = rows.slice(0, limit);
  return {
    events: page.map(toEvent),
    cursor: encodeTailCursor(advance(from, page)),
    more: rows.length > limit,
  };
}

/** The cursor's positions moved to the last returned row of each partition. */
function advance(from: TailPositions, rows: Row[]): TailPositions {
  const byPartition = new Map<number, Bound>(from.map((bound) => [bound[0], bound]));
  for (const row of rows) byPartition.set(row.partition, [row.partition, row.offset, row.index]);
  return [...byPartition.values()];
}

/** A log query under the project's concurrency gate and the engine guards, failures mapped to the API's. */
export async function runLogQuery<S extends z.ZodType>(
  ctx: VerbContext,
  projectId: number,
  query: { name: string; sql: string; params: Record<string, unknown>; rows: number; schema: S },
): Promise<z.output<S>[]> {
  try {
    return await gated(ctx.deps.queryGate, projectId, () =>
      ctx.deps.warehouse.query({
        name: query.name,
        sql: query.sql,
        params: query.params,
        schema: query.schema,
        settings: {
          // 2, not 1: readonly=1 would also refuse the settings that follow it in the same request.
          readonly: '2',
          max_execution_time: GUARDS.maxExecutionSeconds,
          max_result_rows: String(query.rows),
          max_result_bytes: String(GUARDS.maxResultBytes),
          result_overflow_mode: 'throw',
          max_memory_usage: String(GUARDS.maxMemoryBytes),
          output_format_json_quote_64bit_integers: 1,
          log_comment: `quarry:logs:${projectId}`,
        },
      }),
    );
  } catch (error) {
    // No log was ever stored in this installation: the writer creates the table on its first start.
    if (error instanceof WarehouseError && error.code === UNKNOWN_TABLE) return [];
    throw queryFailure(error);
  }
}

/** A zod failure as one 400 message: the first issue, prefixed with its path. */
export function describeIssue(error: z.ZodError, fallback = 'Invalid search'): string {
  const [issue] = error.issues;
  if (!issue) return fallback;
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export function toEvent(row: Row): LogSearchEvent {
  return {
    id: logEventId(row.partition, row.offset, row.index),
    timestamp: isoTime(row.timestamp),
    level: row.level,
    message: row.message,
    metadata: parseMetadata(row.metadata),
    env: row.env,
    source: row.source,
    traceId: row.trace_id,
    ingestedAt: isoTime(row.ingested_at),
  };
}

export function positionOf(row: Row): Position {
  return {
    time: Date.parse(isoTime(row.timestamp)),
    partition: row.partition,
    offset: row.offset,
    index: row.index,
  };
}

function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** `2026-06-10 10:00:00.000` (DateTime64(3) text) as ISO 8601 UTC. */
function isoTime(text: string): string {
  return `${text.replace(' ', 'T')}Z`;
}
