import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { type LogSearchEvent, readLogFilters, searchLogs } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorJson, errorResponses, verbContext, withRetryAfter } from './shared.ts';

export const LOG_EXPORT_LIMITS = { defaultLimit: 10_000, maxLimit: 100_000 };
const PAGE = 1_000;
const COLUMNS = [
  'id',
  'timestamp',
  'level',
  'message',
  'env',
  'source',
  'traceId',
  'ingestedAt',
  'metadata',
] as const;

const route = createRoute({
  method: 'get',
  path: '/api/logs/{project}/export',
  operationId: 'exportLogs',
  tags: ['logs'],
  summary: 'Download the matching events, newest first, streamed as NDJSON or CSV (bounded by `limit`)',
  security: bearer,
  request: {
    params: wire.ProjectParam,
    query: z.object({
      format: z.enum(['ndjson', 'csv']).optional().openapi({ description: 'Default ndjson' }),
      q: z
        .string()
        .max(16_384)
        .optional()
        .openapi({ description: 'The search filters (`LogSearch` without limit, cursor, tail) as JSON' }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(LOG_EXPORT_LIMITS.maxLimit)
        .optional()
        .openapi({ description: `At most this many events (default ${LOG_EXPORT_LIMITS.defaultLimit})` }),
    }),
  },
  responses: {
    200: {
      content: {
        'application/x-ndjson': { schema: z.string() },
        'text/csv': { schema: z.string() },
      },
      description:
        'One event per line (NDJSON: the search event; CSV: a header, then metadata as JSON in its column). A failure after the first byte breaks the transfer (no final chunk), so a short file is never mistaken for a whole one',
    },
    ...errorResponses,
    429: withRetryAfter('Too many queries of this project at once; see Retry-After'),
    504: errorJson('The search exceeded its time limit'),
  },
});

export function registerLogExport(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project } = c.req.valid('param');
    const { format = 'ndjson', q, limit = LOG_EXPORT_LIMITS.defaultLimit } = c.req.valid('query');
    const ctx = verbContext(c);
    const filters = await readLogFilters(ctx, project, q);
    const page = (cursor: string | undefined, size: number) =>
      searchLogs(ctx, project, { ...filters, limit: size, ...(cursor ? { cursor } : {}) }) as Promise<{
        events: LogSearchEvent[];
        nextCursor?: string;
      }>;
    // The first page comes before the answer starts, so its failures keep their status.
    const answer = await page(undefined, Math.min(PAGE, limit));
    const line = format === 'csv' ? csvLine : (event: LogSearchEvent) => `${JSON.stringify(event)}\n`;
    const encoder = new TextEncoder();
    let sent = 0;
    let next: typeof answer | undefined = answer;
    // Pulled as the client reads: one page in memory at a time. A failure after the first byte
    // errors the body, so the client sees a broken transfer, never a short file that looks whole.
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        if (format === 'csv') controller.enqueue(encoder.encode(`${COLUMNS.join(',')}\n`));
      },
      pull: async (controller) => {
        if (!next) return controller.close();
        const current = next;
        controller.enqueue(encoder.encode(current.events.map(line).join('')));
        sent += current.events.length;
        try {
          next =
            current.nextCursor && sent < limit
              ? await page(current.nextCursor, Math.min(PAGE, limit - sent))
              : undefined;
        } catch (error) {
          c.get('services').logger.warn({ err: error, project }, 'log export ended early');
          controller.error(error);
        }
      },
    });
    return c.body(body, 200, {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'Content-Disposition': `attachment; filename="${project}-logs.${format}"`,
      'Cache-Control': 'no-store',
    }) as never;
  });
}

function csvLine(event: LogSearchEvent): string {
  const cells = COLUMNS.map((column) =>
    csvCell(column === 'metadata' ? JSON.stringify(event.metadata) : String(event[column])),
  );
  return `${cells.join(',')}\n`;
}

/** Quoted when needed; a leading = + - @ is defused, so a log line cannot become a spreadsheet formula. */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
