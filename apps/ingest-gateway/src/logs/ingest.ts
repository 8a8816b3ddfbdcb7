import { encodeLogEnvelope, encodeLogEnvelopeEvents, type LogEvent, logMessageKey } from '@quarry/pipeline';
import { produceCharged, type RateLimitStep } from '../charged-produce.ts';
import type { IngestIdentity } from '../keys/ingest-auth.ts';
import type { GatewayServices } from '../services.ts';
import type { LogEventsJson } from './batch-bytes.ts';

export const LOG_QUOTA_MESSAGE = 'Monthly log quota exceeded';

/** A request's validated events: as objects, or as the JSON array the transcoder wrote (its bytes). */
export type AcceptedEvents = LogEvent[] | LogEventsJson;

export function acceptedCount(events: AcceptedEvents): number {
  return Array.isArray(events) ? events.length : events.count;
}

/**
 * Charges the project's monthly log quota (contract §3: per project, its own bucket), then queues one
 * message with the request's events on the logs topic under `project:<id>`.
 */
export function queueLogEvents(
  services: GatewayServices,
  input: {
    identity: IngestIdentity;
    events: AcceptedEvents;
    traceId: string;
    messageId?: string | undefined;
    /** The key's rate limit, when it is checked in the quota's step (see produceCharged). */
    rateLimit?: RateLimitStep | undefined;
  },
): Promise<void> {
  const { projectId } = input.identity;
  const { events } = input;
  return produceCharged(services, {
    bucket: 'logs',
    owner: projectId,
    amount: acceptedCount(events),
    defaultLimit: services.quotaDefaults.logsPerMonth,
    overQuota: LOG_QUOTA_MESSAGE,
    topic: services.topics.logs,
    key: logMessageKey(projectId),
    messageId: input.messageId,
    rateLimit: input.rateLimit,
    value: () => {
      const header = { projectId, acceptedAt: new Date().toISOString(), traceId: input.traceId };
      return Array.isArray(events)
        ? encodeLogEnvelope({ ...header, events })
        : encodeLogEnvelopeEvents(header, events.json);
    },
  });
}
