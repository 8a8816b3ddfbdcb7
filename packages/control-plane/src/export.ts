import type { Readable } from 'node:stream';
import { ApiError } from '@quarry/contract';
import { datasetTableName } from '@quarry/pipeline';
import { normalizeTimestamp } from '@quarry/schema';
import { quoteIdentifier, type StreamFormat } from '@quarry/warehouse';
import { z } from 'zod';
import { getDataset } from './datasets.ts';
import type { VerbContext } from './deps.ts';
import { describeIssue } from './logs-search.ts';
import { MESSAGES } from './messages.ts';
import { requireProject } from './projects.ts';
import { queryFailure } from './query.ts';

/** What each export format is on the wire, and the engine format that writes it. */
export const EXPORT_FORMATS = {
  ndjson: { engine: 'JSONEachRow', contentType: 'application/x-ndjson' },
  csv: { engine: 'CSVWithNames', contentType: 'text/csv; charset=utf-8' },
  parquet: { engine: 'Parquet', contentType: 'application/vnd.apache.parquet' },
} as const satisfies Record<string, { engine: StreamFormat; contentType: string }>;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** One export's bounds: rows (also its default), and the engine's time for the whole stream. */
export const EXPORT_LIMITS = { maxRows: 1_000_000, maxSeconds: 300, perProject: 2 } as const;

const instant = (name: string) =>
  z.string().refine((value) => normalizeTimestamp(value) !== null, `${name} must be an RFC 3339 timestamp`);

export const ExportQuery = z.strictObject({
  format: z.enum(Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]]),
  from: instant('from'),
  to: instant('to'),
  limit: z.coerce.number().int().min(1).max(EXPORT_LIMITS.maxRows).optional(),
});

export interface DatasetExport {
  stream: Readable;
  contentType: string;
  filename: string;
}

/**
 * Streams a dataset's rows with `from` ≤ timestamp < `to`, oldest first, in the engine's own output
 * (`timestamp`, `context` as JSON text, then the declared fields). Any member may export (a read);
 * a project runs at most `exportGate`'s bound at once, each stream holds its place until it ends.
 */
export async function exportDataset(
  ctx: VerbContext,
  slug: string,
  id: number,
  query: unknown,
): Promise<DatasetExport> {
  const project = await requireProject(ctx, slug);
  const dataset = await getDataset(ctx, slug, id);
  const parsed = ExportQuery.safeParse(query);
  if (!parsed.success) throw new ApiError(400, describeIssue(parsed.error, 'Invalid export'));
  const { format, limit = EXPORT_LIMITS.maxRows } = parsed.data;
  const from = normalizeTimestamp(parsed.data.from) ?? '';
  const to = normalizeTimestamp(parsed.data.to) ?? '';
  if (from >= to) throw new ApiError(400, 'from must be before to');
  if (dataset.schema === null) throw new ApiError(404, MESSAGES.datasetSchemaNotFound);
  const columns = ['timestamp', 'context', ...Object.keys(dataset.schema.fields)].map(quoteIdentifier);
  const table = quoteIdentifier(datasetTableName(id));
  const leave = ctx.deps.exportGate?.enter(Number(project.id)) ?? (() => undefined);
  let stream: Readable;
  try {
    stream = await ctx.deps.warehouse.stream({
      name: 'datasets.export',
      sql: `SELECT ${columns.join(', ')} FROM ${table}
        WHERE \`timestamp\` >= {from:DateTime64(3, 'UTC')} AND \`timestamp\` < {to:DateTime64(3, 'UTC')}
        ORDER BY \`timestamp\`, \`__sourcePartition\`, \`__sourceOffset\`, \`__sourceIndex\`
        LIMIT {limit:UInt64}`,
      params: { from, to, limit },
      format: EXPORT_FORMATS[format].engine,
      settings: {
        max_execution_time: EXPORT_LIMITS.maxSeconds,
        // RFC 3339 in the text formats, as the query API answers; Parquet keeps its own timestamp type.
        date_time_output_format: 'iso',
      },
    });
  } catch (error) {
    leave();
    throw queryFailure(error);
  }
  stream.once('close', leave);
  return {
    stream,
    contentType: EXPORT_FORMATS[format].contentType,
    filename: `${dataset.slug}-${from.slice(0, 10)}.${format}`,
  };
}
