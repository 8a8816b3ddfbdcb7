import { createHash } from 'node:crypto';
import type { LogEvent } from '@quarry/pipeline';

/** One event as a destination receives it: the same fields, names and id as a search result. */
export interface DeliveredEvent {
  id: string;
  /** ISO 8601, UTC, milliseconds. */
  timestamp: string;
  level: LogEvent['level'];
  message: string;
  metadata: Record<string, unknown>;
  env: string;
  source: string;
  traceId: string;
  ingestedAt: string;
}

/** `2026-06-10 10:00:00.000` (the envelope's DateTime64 text) as `2026-06-10T10:00:00.000Z`. */
export function isoFromDateTime64(text: string): string {
  return `${text.replace(' ', 'T')}Z`;
}

export function toDeliveredEvent(
  id: string,
  event: LogEvent,
  request: { traceId: string; acceptedAt: string },
): DeliveredEvent {
  return {
    id,
    timestamp: isoFromDateTime64(event.timestamp),
    level: event.level,
    message: event.message,
    metadata: JSON.parse(event.metadata) as Record<string, unknown>,
    env: event.env,
    source: event.source,
    traceId: request.traceId,
    ingestedAt: request.acceptedAt,
  };
}

/**
 * The oldest pending deliveries that fit in one request of at most `maxEvents` events; always at
 * least the first, so one oversized message still goes out (alone) instead of blocking its lane.
 */
export function takeBatch<T extends { eventCount: number }>(pending: readonly T[], maxEvents: number): T[] {
  const batch: T[] = [];
  let events = 0;
  for (const delivery of pending) {
    if (batch.length > 0 && events + delivery.eventCount > maxEvents) break;
    batch.push(delivery);
    events += delivery.eventCount;
  }
  return batch;
}

/** Same events, same key: a receiver that stores keys can drop a retried request whole. */
export function idempotencyKey(events: readonly { id: string }[]): string {
  const hash = createHash('sha256');
  for (const event of events) hash.update(`${event.id}\n`);
  return `qlog_${hash.digest('hex').slice(0, 40)}`;
}
