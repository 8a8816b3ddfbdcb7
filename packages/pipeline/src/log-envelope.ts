import { parseMessageJson } from './envelope.ts';

/** A log event as the gateway validated it: every field present, time normalized. */
export interface LogEvent {
  /** ClickHouse DateTime64(3) text in UTC (`YYYY-MM-DD hh:mm:ss.sss`); the server's time when absent. */
  timestamp: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  /** JSON text of the event's `metadata` object (`{}` when absent). */
  metadata: string;
  env: string;
  source: string;
}

/**
 * One Kafka message per accepted log request, keyed by project (`project:<id>`) on the logs topic.
 * The writer addresses each event as (partition, offset, index in `events`): its identity for
 * exactly-once storage, exactly as for dataset records.
 */
export interface LogEnvelope {
  v: 1;
  kind: 'logs';
  projectId: number;
  /** When the gateway accepted the request (ISO 8601, UTC). */
  acceptedAt: string;
  /** X-Request-Id of the request. */
  traceId: string;
  events: LogEvent[];
}

export type LogDecodeResult = { ok: true; envelope: LogEnvelope } | { ok: false; reason: string };

export function encodeLogEnvelope(envelope: Omit<LogEnvelope, 'v' | 'kind'>): string {
  return JSON.stringify({ v: 1, kind: 'logs', ...envelope });
}

/**
 * encodeLogEnvelope's text, as UTF-8 bytes, from the UTF-8 bytes of the events' JSON array text (what
 * `JSON.stringify(events)` gives), already written: the gateway copies events out of the request's
 * bytes instead of building objects.
 */
export function encodeLogEnvelopeEvents(
  header: Omit<LogEnvelope, 'v' | 'kind' | 'events'>,
  eventsJson: Uint8Array,
): Buffer {
  const { projectId, acceptedAt, traceId } = header;
  const head = JSON.stringify({ v: 1, kind: 'logs', projectId, acceptedAt, traceId });
  return Buffer.concat([Buffer.from(`${head.slice(0, -1)},"events":`), eventsJson, ENVELOPE_END]);
}

const ENVELOPE_END = Buffer.from('}');

export function decodeLogEnvelope(value: Buffer | string | null): LogDecodeResult {
  const json = parseMessageJson(value);
  if (!json.ok) return json;
  const parsed = json.value;
  const candidate = parsed as Partial<LogEnvelope> | null;
  const valid =
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.v === 1 &&
    candidate.kind === 'logs' &&
    Number.isSafeInteger(candidate.projectId) &&
    (candidate.projectId as number) > 0 &&
    typeof candidate.acceptedAt === 'string' &&
    typeof candidate.traceId === 'string' &&
    Array.isArray(candidate.events);
  return valid
    ? { ok: true, envelope: candidate as LogEnvelope }
    : { ok: false, reason: 'undecodable: not a version 1 logs envelope' };
}

/**
 * A stored log event's identity, the same in search results, webhook bodies and direct database
 * rows: its bus position (partition, offset, index in the message's `events`).
 */
export function logEventId(partition: number, offset: string | bigint, index: number): string {
  return `${partition}-${offset}-${index}`;
}
