import { ApiError } from '@quarry/contract';
import { LOGS_TABLE } from '@quarry/pipeline';
import { z } from 'zod';
import type { VerbContext } from './deps.ts';
import { describeIssue, runLogQuery } from './logs-search.ts';
import { compileFilters, LOG_SEARCH_LIMITS, LogFilterBody, metadataPath } from './logs-search-sql.ts';
import { levelCounts } from './logs-volume.ts';
import { requireProject } from './projects.ts';

export const LOG_FACET_LIMITS = { maxFields: 5, defaultTop: 10, maxTop: 50 };

const FacetField = z
  .string()
  .max(256)
  .regex(
    new RegExp(`^(env|source|metadata\\.[^.]+(?:\\.[^.]+){0,${LOG_SEARCH_LIMITS.maxPathDepth - 1}})$`),
    'must be env, source or metadata.<path>',
  );

export const LogFacetsBody = LogFilterBody.extend({
  fields: z.array(FacetField).max(LOG_FACET_LIMITS.maxFields).optional(),
  top: z.number().int().min(1).max(LOG_FACET_LIMITS.maxTop).optional(),
});

export interface LogFacets {
  levels: ReturnType<typeof levelCounts>;
  fields: Array<{ field: string; values: Array<{ value: string; count: string }> }>;
}

const LevelRow = z.object({ level: z.string(), n: z.coerce.bigint() });
const ValueRow = z.object({ value: z.string(), n: z.string() });

/**
 * Counts for the explorer's facets. Level counts ignore the `levels` filter (they are what a reader
 * picks levels from); a field's top values ignore that field's own filter (env, source) for the same reason.
 */
export async function logFacets(ctx: VerbContext, slug: string, body: unknown): Promise<LogFacets> {
  const project = await requireProject(ctx, slug);
  const parsed = LogFacetsBody.safeParse(body);
  if (!parsed.success) throw new ApiError(400, describeIssue(parsed.error));
  const { fields = [], top = LOG_FACET_LIMITS.defaultTop, ...input } = parsed.data;
  const projectId = Number(project.id);
  const run = <S extends z.ZodType>(name: string, sql: string, params: Record<string, unknown>, schema: S) =>
    runLogQuery(ctx, projectId, { name, sql, params, rows: top + 4, schema });

  const allLevels = compileFilters(projectId, { ...input, levels: undefined });
  const levels = await run(
    'logs.facet_levels',
    `SELECT level, count() AS n FROM ${LOGS_TABLE} WHERE ${allLevels.where} GROUP BY level`,
    allLevels.params,
    LevelRow,
  );
  // One after another: in parallel they would take the project's whole query allowance at once.
  const values: LogFacets['fields'] = [];
  for (const field of new Set(fields)) {
    const plain = field === 'env' || field === 'source';
    const filters = compileFilters(projectId, plain ? { ...input, [field]: undefined } : input);
    const column = plain
      ? { has: '1', value: field }
      : metadataPath(field.slice('metadata.'.length), 'f', filters.params);
    const rows = await run(
      'logs.facet_values',
      `SELECT ${column.value} AS value, toString(count()) AS n FROM ${LOGS_TABLE}
       WHERE ${filters.where} AND ${column.has} GROUP BY value ORDER BY count() DESC, value LIMIT {top:UInt32}`,
      { ...filters.params, top },
      ValueRow,
    );
    values.push({ field, values: rows.map((row) => ({ value: row.value, count: row.n })) });
  }
  return {
    levels: levelCounts(Object.fromEntries(levels.map((row) => [row.level, row.n]))),
    fields: values,
  };
}
