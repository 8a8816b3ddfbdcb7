import type { BusMessage } from '@quarry/bus';
import { decodeLogEnvelope, LOGS_TABLE, type LogEnvelope, type LogEvent, logEventId } from '@quarry/pipeline';
import { type Decoded, decodeSafely } from './decode.ts';
import { needsDelivery } from './destinations/destination.ts';
import { type DeliveredEvent, toDeliveredEvent } from './destinations/events.ts';
import type { ProjectDirectory } from './projects.ts';

/** One message's events for the outbox: only for projects whose destination is not the built-in store. */
export interface OutboxEntry {
  projectId: number;
  topic: string;
  partition: number;
  offset: string;
  events: DeliveredEvent[];
}

export type DecodedLog =
  | (Extract<Decoded, { ok: true }> & { delivery: OutboxEntry | null })
  | Extract<Decoded, { ok: false }>;

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
const DATETIME64 = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

/**
 * Turns a batch of logs-topic messages into rows of the shared `logs` table. The project comes from
 * the envelope (the gateway put the key's project there), its retention and destination from the
 * catalog. A message the writer can never store (not an envelope, unknown project, an event the
 * gateway would not have produced) is poison: it goes to the dead letters, whole.
 */
export async function decodeLogBatch(
  batch: { topic: string; partition: number; messages: BusMessage[] },
  directory: ProjectDirectory,
): Promise<DecodedLog[]> {
  const envelopes = batch.messages.map((message) => ({ message, decoded: decodeLogEnvelope(message.value) }));
  const projects = await directory.get(
    envelopes.flatMap(({ decoded }) => (decoded.ok ? [decoded.envelope.projectId] : [])),
  );
  return envelopes.map(({ message, decoded }) => decodeSafely(message, () => toRows(message, decoded)));

  function toRows(message: BusMessage, decoded: ReturnType<typeof decodeLogEnvelope>): DecodedLog {
    const offset = BigInt(message.offset);
    if (!decoded.ok) return { ok: false, offset, message, reason: decoded.reason };
    const { envelope } = decoded;
    const project = projects.get(envelope.projectId);
    if (!project) return { ok: false, offset, message, reason: `project ${envelope.projectId} not found` };
    const invalid = envelope.events.findIndex((event) => !isStorable(event));
    if (invalid >= 0) return { ok: false, offset, message, reason: `invalid log event at index ${invalid}` };
    const position = { partition: batch.partition, offset: message.offset };
    const rows = envelope.events.map((event, index) => ({
      project_id: envelope.projectId,
      timestamp: event.timestamp,
      level: event.level,
      message: event.message,
      metadata: event.metadata,
      env: event.env,
      source: event.source,
      trace_id: envelope.traceId,
      ingested_at: envelope.acceptedAt,
      retention_days: project.retentionDays,
      __sourcePartition: position.partition,
      __sourceOffset: position.offset,
      __sourceIndex: index,
    }));
    const delivery =
      needsDelivery(project.destination) && envelope.events.length > 0
        ? {
            projectId: project.id,
            topic: batch.topic,
            ...position,
            events: deliveredEvents(envelope, position),
          }
        : null;
    return { ok: true, offset, message, table: LOGS_TABLE, rows, delivery };
  }
}

function deliveredEvents(
  envelope: LogEnvelope,
  position: { partition: number; offset: string },
): DeliveredEvent[] {
  return envelope.events.map((event, index) =>
    toDeliveredEvent(logEventId(position.partition, position.offset, index), event, envelope),
  );
}

/** What the gateway guarantees, checked again: a row with a missing field would be stored as blanks. */
function isStorable(event: unknown): event is LogEvent {
  if (typeof event !== 'object' || event === null) return false;
  const candidate = event as Record<string, unknown>;
  const strings = ['message', 'metadata', 'env', 'source'].every((key) => typeof candidate[key] === 'string');
  if (!strings || !LEVELS.has(String(candidate.level))) return false;
  if (typeof candidate.timestamp !== 'string' || !DATETIME64.test(candidate.timestamp)) return false;
  return isJsonObjectText(candidate.metadata as string);
}

function isJsonObjectText(text: string): boolean {
  if (!text.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
