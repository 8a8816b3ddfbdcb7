import { encodeLogEnvelope, type LogEvent, logMessageKey } from '@quarry/pipeline';
import { produceCharged, type RateLimitStep } from '../charged-produce.ts';
import type { IngestIdentity } from '../keys/ingest-auth.ts';
import type { GatewayServices } from '../services.ts';

export const LOG_QUOTA_MESSAGE = 'Monthly log quota exceeded';

/**
 * Charges the project's monthly log quota (contract §3: per project, its own bucket), then queues one
 * message with the request's events on the logs topic under `project:<id>`.
 */
export function queueLogEvents(
  services: GatewayServices,
  input: {
    identity: IngestIdentity;
    events: LogEvent[];
    traceId: string;
    messageId?: string | undefined;
    /** The key's rate limit, when it is checked in the quota's step (see produceCharged). */
    rateLimit?: RateLimitStep | undefined;
  },
): Promise<void> {
  const projectId = input.identity.projectId;
  return produceCharged(services, {
    bucket: 'logs',
    owner: projectId,
    amount: input.events.length,
    defaultLimit: services.quotaDefaults.logsPerMonth,
    overQuota: LOG_QUOTA_MESSAGE,
    topic: services.topics.logs,
    key: logMessageKey(projectId),
    messageId: input.messageId,
    rateLimit: input.rateLimit,
    value: () =>
      encodeLogEnvelope({
        projectId,
        acceptedAt: new Date().toISOString(),
        traceId: input.traceId,
        events: input.events,
      }),
  });
}
