import { createRoute, z } from '@hono/zod-openapi';
import { ApiError, wire } from '@quarry/contract';
import { type LogSearchResult, readLogFilters, searchLogs } from '@quarry/control-plane';
import { streamSSE } from 'hono/streaming';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorResponses, verbContext, withRetryAfter } from './shared.ts';

/** Bounds of the live tail: per control API replica, since the streams live in its memory. */
export const LOG_TAIL_LIMITS = {
  streamsPerUser: 5,
  pollMs: 500,
  heartbeatMs: 15_000,
  maxStreamMs: 60 * 60_000,
  maxBacklog: 1_000,
};
const PAGE = 1_000;
const TOO_MANY = `Too many live tails open (at most ${LOG_TAIL_LIMITS.streamsPerUser}); close one and retry`;

const route = createRoute({
  method: 'get',
  path: '/api/logs/{project}/tail',
  operationId: 'tailLogs',
  tags: ['logs'],
  summary: 'Live tail: events as they are stored, as Server-Sent Events (resumable with Last-Event-ID)',
  security: bearer,
  request: {
    params: wire.ProjectParam,
    query: z.object({
      q: z
        .string()
        .max(16_384)
        .optional()
        .openapi({ description: 'The search filters (`LogSearch` without limit, cursor, tail) as JSON' }),
      backlog: z.coerce
        .number()
        .int()
        .min(0)
        .max(LOG_TAIL_LIMITS.maxBacklog)
        .optional()
        .openapi({ description: 'Latest matches sent first, before what arrives next (default 0)' }),
      cursor: z
        .string()
        .max(4_096)
        .optional()
        .openapi({ description: 'Resume after this tail cursor (a message `id`), as Last-Event-ID does' }),
    }),
    headers: z.object({
      'last-event-id': z
        .string()
        .max(4_096)
        .optional()
        .openapi({ description: 'The `id` of the last message received: resume after it' }),
    }),
  },
  responses: {
    200: {
      content: { 'text/event-stream': { schema: z.string() } },
      description:
        '`event: events` messages whose `data` is `{"events": [...]}` (oldest first) and whose `id` is the tail cursor; a `: heartbeat` comment every 15 s; closed after an hour (the browser reconnects with Last-Event-ID)',
    },
    ...errorResponses,
    429: withRetryAfter(`${TOO_MANY}; or too many queries of this project at once`),
  },
});

/** Retries while the project's concurrent query allowance is taken (429), for up to about 2 s. */
async function whenNotBusy<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 429) || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export function registerLogTail(app: ControlRouter): void {
  const open = new Map<number, number>();
  app.openapi(route, async (c) => {
    const { project } = c.req.valid('param');
    const { q, backlog = 0, cursor } = c.req.valid('query');
    const ctx = verbContext(c);
    const filters = await readLogFilters(ctx, project, q);
    const user = ctx.actor.userId;
    // The slot is taken before the first await, so concurrent opens cannot pass the bound together.
    if ((open.get(user) ?? 0) >= LOG_TAIL_LIMITS.streamsPerUser) {
      throw new ApiError(429, TOO_MANY, { headers: { 'Retry-After': '5' } });
    }
    open.set(user, (open.get(user) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (open.get(user) ?? 1) - 1;
      if (left > 0) open.set(user, left);
      else open.delete(user);
    };
    const poll = (cursor: string | undefined, limit: number) =>
      searchLogs(ctx, project, { ...filters, tail: true, limit, ...(cursor ? { cursor } : {}) }) as Promise<
        Extract<LogSearchResult, { cursor: string }>
      >;
    // A browser reconnecting sends Last-Event-ID, which is newer than the cursor it was opened with.
    const resume = c.req.valid('header')['last-event-id'] ?? cursor;
    let answer: Extract<LogSearchResult, { cursor: string }>;
    try {
      // The first poll answers before the stream opens, so a bad cursor is still a plain 400. Other
      // tails polling the same project may hold its query allowance for a moment: wait for a turn.
      answer = await whenNotBusy(() => poll(resume, resume ? PAGE : Math.max(backlog, 1)));
    } catch (error) {
      release();
      throw error;
    }
    // nginx (the shipped Ingress) would otherwise buffer the stream and deliver it in lumps.
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      c.req.raw.signal.addEventListener('abort', () => stream.abort());
      stream.onAbort(release); // at once: the loop notices the disconnect only after its sleep
      const closes = Date.now() + LOG_TAIL_LIMITS.maxStreamMs;
      let written = Date.now();
      try {
        await stream.writeSSE({ event: 'open', data: '{}', id: answer.cursor, retry: 1_000 });
        if (resume || backlog > 0) await send(answer);
        while (!stream.aborted && Date.now() < closes) {
          if (!answer.more) await stream.sleep(LOG_TAIL_LIMITS.pollMs);
          if (stream.aborted) break;
          answer = await poll(answer.cursor, PAGE).catch((error: unknown) => {
            // A busy project or a short engine outage: keep the stream, ask again at the next tick.
            if (error instanceof ApiError && (error.status === 429 || error.status === 503)) return answer;
            throw error;
          });
          if (answer.events.length > 0) await send(answer);
          else if (Date.now() - written >= LOG_TAIL_LIMITS.heartbeatMs) {
            await stream.write(': heartbeat\n\n');
            written = Date.now();
          }
        }
      } catch (error) {
        if (!(error instanceof ApiError))
          c.get('services').logger.warn({ err: error, project }, 'live tail stopped');
        const message = error instanceof ApiError ? error.message : 'The live tail stopped; reconnect';
        if (!stream.aborted) await stream.writeSSE({ event: 'failure', data: JSON.stringify({ message }) });
      } finally {
        release();
      }

      async function send(page: { events: unknown[]; cursor: string }) {
        await stream.writeSSE({
          event: 'events',
          id: page.cursor,
          data: JSON.stringify({ events: page.events }),
        });
        written = Date.now();
      }
    }) as never;
  });
}
