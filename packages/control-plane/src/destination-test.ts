import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError } from '@quarry/contract';
import { DELIVERY_COLUMNS, type DeliveryInfo, type DeliveryRow, toDeliveryInfo } from './deliveries.ts';
import type { VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { requireProject } from './projects.ts';
import { throttle } from './throttle.ts';

/** Each test is one outbound request to an address the user chose: a few a minute per project. */
const TEST_LIMIT = { ratePerSecond: 6 / 60, burst: 3 };
/** The source topic of test deliveries: never a bus topic, so no replayed message can collide. */
export const TEST_DELIVERY_SOURCE = 'quarry:destination-test';

export interface DestinationTestOptions {
  /** How long to wait for the writer's first attempt before answering with the delivery as it is. */
  waitMs?: number;
  pollMs?: number;
}

/**
 * Enqueues one synthetic event in the project's delivery outbox, where the writer delivers it like
 * any other (the same lane, signing, egress checks and retries), then waits a bounded time for the
 * first attempt. A delivery still `pending` with no attempt is an unknown outcome, not a failure.
 */
export async function sendDestinationTest(
  ctx: VerbContext,
  slug: string,
  options: DestinationTestOptions = {},
): Promise<DeliveryInfo> {
  const project = await requireProject(ctx, slug, 'admin');
  if (project.destination.type === 'logger' || project.destination.type === undefined) {
    throw new ApiError(409, MESSAGES.destinationIsBuiltIn);
  }
  await throttle(
    ctx.deps,
    `destination-test:${project.id}`,
    TEST_LIMIT,
    MESSAGES.tooManyDestinationTests,
    MESSAGES.destinationTestThrottleUnavailable,
  );
  const now = new Date().toISOString();
  const event = {
    id: randomUUID(),
    timestamp: now,
    level: 'info',
    message: 'Quarry test event: this destination receives the project logs',
    metadata: { test: true },
    env: 'test',
    source: 'quarry-console',
    traceId: randomUUID(),
    ingestedAt: now,
  };
  const [row] = await ctx.deps.db.query<DeliveryRow>(
    `WITH inserted AS (
       INSERT INTO log_deliveries (project_id, source_topic, source_partition, source_offset, events, event_count)
       VALUES ($1, $2, 0, nextval('log_deliveries_id_seq'), $3::jsonb, 1)
       RETURNING ${DELIVERY_COLUMNS}
     ), lane AS (
       INSERT INTO log_delivery_lanes (project_id) VALUES ($1) ON CONFLICT (project_id) DO NOTHING
     )
     SELECT * FROM inserted`,
    [project.id, TEST_DELIVERY_SOURCE, JSON.stringify([event])],
  );
  if (!row) throw new Error('test delivery insert returned nothing');
  return awaitFirstAttempt(ctx, Number(row.id), toDeliveryInfo(row), options);
}

async function awaitFirstAttempt(
  ctx: VerbContext,
  id: number,
  initial: DeliveryInfo,
  { waitMs = 10_000, pollMs = 200 }: DestinationTestOptions,
): Promise<DeliveryInfo> {
  const deadline = Date.now() + waitMs;
  let latest = initial;
  while (latest.status === 'pending' && latest.attempts === 0 && Date.now() < deadline) {
    await delay(pollMs);
    const [row] = await ctx.deps.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM log_deliveries WHERE id = $1`,
      [id],
    );
    if (!row) break;
    latest = toDeliveryInfo(row);
  }
  return latest;
}
