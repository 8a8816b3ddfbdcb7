import { ApiError, quotaKeys, quotaPeriod } from '@quarry/contract';
import { encodeLogEnvelope, type LogEvent, logMessageKey } from '@quarry/pipeline';
import type { IngestIdentity } from '../keys/ingest-auth.ts';
import { produceOrThrow } from '../produce.ts';
import type { GatewayServices } from '../services.ts';

export const LOG_QUOTA_MESSAGE = 'Monthly log quota exceeded';
export const LOG_QUOTA_UNAVAILABLE = 'Quota service unavailable; retry later';

/**
 * Charges the project's monthly log quota (contract §3: per project, its own bucket), then produces
 * one message with the request's events to the logs topic under `project:<id>`, resolving once the
 * broker acknowledged it. A refused request counts nothing; a failed produce gives the charge back.
 */
export async function queueLogEvents(
  services: GatewayServices,
  input: { identity: IngestIdentity; events: LogEvent[]; traceId: string },
): Promise<void> {
  const projectId = input.identity.projectId;
  const period = quotaPeriod();
  const keys = {
    limitKey: quotaKeys.limit('logs', projectId),
    totalKey: quotaKeys.total('logs', projectId, period),
    deltaKey: quotaKeys.delta('logs', projectId, period),
  };
  const amount = input.events.length;
  const verdict = await services.counters
    .reserveQuota({ ...keys, amount, defaultLimit: services.quotaDefaults.logsPerMonth })
    .catch((error: unknown) => {
      throw new ApiError(503, LOG_QUOTA_UNAVAILABLE, { headers: { 'Retry-After': '5' }, cause: error });
    });
  if (!verdict.ok) {
    throw new ApiError(429, LOG_QUOTA_MESSAGE, {
      details: { quota: { limit: verdict.limit, used: verdict.used, requested: amount, period } },
      headers: { 'Retry-After': String(secondsUntilNextPeriod()) },
    });
  }
  const value = encodeLogEnvelope({
    projectId,
    acceptedAt: new Date().toISOString(),
    traceId: input.traceId,
    events: input.events,
  });
  try {
    await produceOrThrow(services, services.topics.logs, { key: logMessageKey(projectId), value });
  } catch (error) {
    await services.counters
      .releaseQuota({ totalKey: keys.totalKey, deltaKey: keys.deltaKey, amount })
      .catch((releaseError: unknown) =>
        services.logger.error(
          { err: releaseError, projectId, amount },
          'could not give back log quota after a failed produce',
        ),
      );
    throw error;
  }
}

/** A monthly quota frees up when the next UTC month starts. */
function secondsUntilNextPeriod(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}
