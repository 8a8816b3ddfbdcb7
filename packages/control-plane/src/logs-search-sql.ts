import { ApiError } from '@quarry/contract';
import { timestampToEpochMs } from '@quarry/schema';
import { z } from 'zod';
import type { Position, TailPositions } from './logs-search-cursor.ts';

// The pure half of log search: the body's schema and the SQL it becomes. Every value a request
// carries is a bound parameter; the SQL text is made of these constants and parameter names only.

export const LOG_SEARCH_LIMITS = { defaultLimit: 100, maxLimit: 1_000, maxMetadata: 10, maxPathDepth: 10 };

const MetadataMatch = z.strictObject({
  path: z
    .string()
    .min(1)
    .max(256)
    // A pattern, not a refinement, so the API description states it: 1 to 10 non-empty keys.
    .regex(
      new RegExp(`^[^.]+(?:\\.[^.]+){0,${LOG_SEARCH_LIMITS.maxPathDepth - 1}}$`),
      `must be 1 to ${LOG_SEARCH_LIMITS.maxPathDepth} keys separated by dots`,
    ),
  value: z.union([z.string().max(1_000), z.number(), z.boolean()]),
  // Exclusion: the path is missing or holds another value ("exclude this value" in the console).
  not: z.boolean().optional(),
});

// ISO 8601; documented as RFC 3339 date-times, which the parser takes too.
const TIMESTAMP = z.string().max(64).meta({ format: 'date-time' });

/** The body of `POST /api/logs/:project/search`; any other key (`sql`, `query`…) is refused. */
export const LogSearchBody = z.strictObject({
  range: z.strictObject({ from: TIMESTAMP.optional(), to: TIMESTAMP.optional() }).optional(),
  levels: z
    .array(z.enum(['debug', 'info', 'warn', 'error']))
    .min(1)
    .max(4)
    .optional(),
  text: z.string().min(1).max(1_000).optional(),
  metadata: z
    .union([MetadataMatch, z.array(MetadataMatch).min(1).max(LOG_SEARCH_LIMITS.maxMetadata)])
    .optional(),
  env: z.string().max(256).optional(),
  source: z.string().max(256).optional(),
  limit: z.number().int().min(1).max(LOG_SEARCH_LIMITS.maxLimit).optional(),
  cursor: z.string().min(1).max(4_096).optional(),
  tail: z.boolean().optional(),
});
export type LogSearchInput = z.infer<typeof LogSearchBody>;

/** The filters alone (no paging, no tail): what the histogram, facets, live tail and download take. */
export const LogFilterBody = LogSearchBody.omit({ limit: true, cursor: true, tail: true });
export type LogFilterInput = z.infer<typeof LogFilterBody>;

export const COLUMNS = `timestamp, level, message, metadata, env, source, trace_id, ingested_at,
  __sourcePartition AS partition, __sourceOffset AS offset, __sourceIndex AS index`;
// The position (partition, offset, index) of a row against the tail cursor's per-partition bounds.
export const KNOWN = 'indexOf({parts:Array(UInt32)}, __sourcePartition)';
// Offsets travel as decimal text (64-bit); a partition the cursor does not know reads index 0 ('').
export const BOUND = `tuple(toUInt64OrZero({offsets:Array(String)}[${KNOWN}]), {indexes:Array(UInt32)}[${KNOWN}])`;
export const POSITION = 'tuple(__sourceOffset, __sourceIndex)';

export const PAGE_AFTER = ` AND timestamp <= {afterTime:DateTime64(3, 'UTC')}
  AND (timestamp, __sourcePartition, __sourceOffset, __sourceIndex)
    < ({afterTime:DateTime64(3, 'UTC')}, {afterPartition:UInt32}, {afterOffset:UInt64}, {afterIndex:UInt32})`;

/** The mirror of PAGE_AFTER: rows after a position in (timestamp, bus position) order. */
export const PAGE_BEFORE = ` AND timestamp >= {afterTime:DateTime64(3, 'UTC')}
  AND (timestamp, __sourcePartition, __sourceOffset, __sourceIndex)
    > ({afterTime:DateTime64(3, 'UTC')}, {afterPartition:UInt32}, {afterOffset:UInt64}, {afterIndex:UInt32})`;

export function pageParams(after: Position): Record<string, unknown> {
  return {
    afterTime: clickhouseTime(after.time),
    afterPartition: after.partition,
    afterOffset: after.offset,
    afterIndex: after.index,
  };
}

export function boundParams(positions: TailPositions): Record<string, unknown> {
  return {
    parts: positions.map(([partition]) => partition),
    offsets: positions.map(([, offset]) => offset),
    indexes: positions.map(([, , index]) => index),
  };
}

/** The scope (always first) and the request's filters, as SQL over bound parameters only. */
export function compileFilters(projectId: number, input: LogSearchInput) {
  const where = ['project_id = {project:UInt64}'];
  const params: Record<string, unknown> = { project: projectId };
  const time = (name: 'from' | 'to', text: string | undefined) => {
    if (text === undefined) return;
    const ms = timestampToEpochMs(text);
    if (ms === null) throw new ApiError(400, `range.${name}: not an ISO 8601 timestamp`);
    params[name] = clickhouseTime(ms);
    where.push(`timestamp ${name === 'from' ? '>=' : '<='} {${name}:DateTime64(3, 'UTC')}`);
  };
  time('from', input.range?.from);
  time('to', input.range?.to);
  if (input.levels) {
    where.push('has({levels:Array(String)}, level)');
    params.levels = input.levels;
  }
  if (input.text !== undefined) {
    where.push('positionCaseInsensitiveUTF8(message, {text:String}) > 0');
    params.text = input.text;
  }
  for (const field of ['env', 'source'] as const) {
    if (input[field] === undefined) continue;
    where.push(`${field} = {${field}:String}`);
    params[field] = input[field];
  }
  const matches = input.metadata === undefined ? [] : [input.metadata].flat();
  matches.forEach((match, m) => {
    const { has, value } = metadataPath(match.path, `m${m}`, params);
    // Scalars compare as text: "42" matches 42 and "42"; a missing path never matches.
    const equals = `${has} AND ${value} = {m${m}v:String}`;
    where.push(match.not ? `NOT (${equals})` : equals);
    params[`m${m}v`] = typeof match.value === 'string' ? match.value : JSON.stringify(match.value);
  });
  return { where: where.join(' AND '), params };
}

/**
 * A dotted metadata path as SQL over bound key parameters (named `<prefix>k<n>`, added to `params`):
 * `has` is true when the path exists, `value` is its scalar as text (a string unquoted, others as JSON).
 */
export function metadataPath(dotted: string, prefix: string, params: Record<string, unknown>) {
  const keys = dotted.split('.').map((key, k) => {
    params[`${prefix}k${k}`] = key;
    return `{${prefix}k${k}:String}`;
  });
  const path = `metadata, ${keys.join(', ')}`;
  return {
    has: `JSONHas(${path})`,
    value: `if(JSONType(${path}) = 'String', JSONExtractString(${path}), JSONExtractRaw(${path}))`,
  };
}

/** What a DateTime64(3, 'UTC') parameter parses: the engine refuses the `T…Z` form. */
export function clickhouseTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}
