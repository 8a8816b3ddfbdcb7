import { ApiError, quotaKeys, quotaPeriod } from '@quarry/contract';
import { datasetMessageKey, encodeDatasetEnvelope } from '@quarry/pipeline';
import type { WarehouseRow } from '@quarry/schema';
import type { IngestIdentity } from '../keys/ingest-auth.ts';
import { produceOrThrow } from '../produce.ts';
import type { GatewayServices } from '../services.ts';

export const QUOTA_MESSAGE = 'Monthly dataset record quota exceeded';
export const QUOTA_UNAVAILABLE = 'Quota service unavailable; retry later';

/**
 * Charges the owner's monthly quota, then produces one message with the request's rows and resolves
 * once the broker acknowledged it. If the produce fails, the quota charge is given back.
 */
export async function queueDatasetRows(
  services: GatewayServices,
  input: { identity: IngestIdentity; datasetId: number; rows: WarehouseRow[]; traceId: string },
): Promise<void> {
  const owner = input.identity.ownerUserId;
  const period = quotaPeriod();
  const keys = {
    limitKey: quotaKeys.limit('datasets', owner),
    totalKey: quotaKeys.total('datasets', owner, period),
    deltaKey: quotaKeys.delta('datasets', owner, period),
  };
  const amount = input.rows.length;
  // Quotas fail closed: without the atomic check nothing bounds what would be admitted.
  const verdict = await services.counters
    .reserveQuota({ ...keys, amount, defaultLimit: services.quotaDefaults.datasetRecordsPerMonth })
    .catch((error: unknown) => {
      throw new ApiError(503, QUOTA_UNAVAILABLE, { headers: { 'Retry-After': '5' }, cause: error });
    });
  if (!verdict.ok) {
    throw new ApiError(429, QUOTA_MESSAGE, {
      details: { quota: { limit: verdict.limit, used: verdict.used, requested: amount, period } },
      headers: { 'Retry-After': String(secondsUntilNextPeriod()) },
    });
  }
  const value = encodeDatasetEnvelope({
    datasetId: input.datasetId,
    projectId: input.identity.projectId,
    acceptedAt: new Date().toISOString(),
    traceId: input.traceId,
    rows: input.rows,
  });
  try {
    await produceOrThrow(services, services.topics.datasets, {
      key: datasetMessageKey(input.datasetId),
      value,
    });
  } catch (error) {
    await services.counters
      .releaseQuota({ totalKey: keys.totalKey, deltaKey: keys.deltaKey, amount })
      .catch((releaseError: unknown) =>
        services.logger.error(
          { err: releaseError, owner, amount },
          'could not give back quota after a failed produce',
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
