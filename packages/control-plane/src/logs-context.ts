import { ApiError } from '@quarry/contract';
import { LOGS_TABLE } from '@quarry/pipeline';
import type { VerbContext } from './deps.ts';
import { type LogSearchEvent, positionOf, Row, runLogQuery, toEvent } from './logs-search.ts';
import { COLUMNS, PAGE_AFTER, PAGE_BEFORE, pageParams } from './logs-search-sql.ts';
import { requireProject } from './projects.ts';

export const LOG_CONTEXT_LIMITS = { defaultSize: 20, maxSize: 200 };

const EVENT_ID = /^(\d{1,10})-(\d{1,20})-(\d{1,10})$/;
const ASCENDING = 'timestamp, __sourcePartition, __sourceOffset, __sourceIndex';
const DESCENDING = 'timestamp DESC, __sourcePartition DESC, __sourceOffset DESC, __sourceIndex DESC';

/**
 * The project's events around one (by event time, then bus position), whatever the filters a reader
 * had: `size` before and `size` after it, newest first, the event itself included.
 */
export async function logContext(
  ctx: VerbContext,
  slug: string,
  id: string,
  size = LOG_CONTEXT_LIMITS.defaultSize,
): Promise<{ events: LogSearchEvent[] }> {
  const project = await requireProject(ctx, slug);
  const match = EVENT_ID.exec(id);
  if (!match) throw new ApiError(400, 'id: not a log event id (<partition>-<offset>-<index>)');
  const projectId = Number(project.id);
  const run = (name: string, sql: string, params: Record<string, unknown>, rows: number) =>
    runLogQuery(ctx, projectId, { name, sql, params: { project: projectId, ...params }, rows, schema: Row });
  const [anchor] = await run(
    'logs.context_anchor',
    `SELECT ${COLUMNS} FROM ${LOGS_TABLE} WHERE project_id = {project:UInt64}
       AND __sourcePartition = {p:UInt32} AND __sourceOffset = {o:UInt64} AND __sourceIndex = {i:UInt32}
     LIMIT 1`,
    { p: Number(match[1]), o: match[2], i: Number(match[3]) },
    1,
  );
  if (!anchor) throw new ApiError(404, 'Log event not found');
  const around = { ...pageParams(positionOf(anchor)), size };
  const before = await run(
    'logs.context_before',
    `SELECT ${COLUMNS} FROM ${LOGS_TABLE} WHERE project_id = {project:UInt64}${PAGE_AFTER}
     ORDER BY ${DESCENDING} LIMIT {size:UInt32}`,
    around,
    size,
  );
  const after = await run(
    'logs.context_after',
    `SELECT ${COLUMNS} FROM ${LOGS_TABLE} WHERE project_id = {project:UInt64}${PAGE_BEFORE}
     ORDER BY ${ASCENDING} LIMIT {size:UInt32}`,
    around,
    size,
  );
  return { events: [...after.reverse(), anchor, ...before].map(toEvent) };
}
