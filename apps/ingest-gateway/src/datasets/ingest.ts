import { encodeDatasetEnvelopeRows } from '@quarry/pipeline';
import { produceCharged } from '../charged-produce.ts';
import type { IngestIdentity } from '../keys/ingest-auth.ts';
import type { GatewayServices } from '../services.ts';

export const QUOTA_MESSAGE = 'Monthly dataset record quota exceeded';

/** A request's validated rows: how many, and their JSON array text, written only once it is needed. */
export interface AcceptedRows {
  count: number;
  json: () => string;
}

/**
 * Charges the monthly record quota of the project's owner of the moment (not the owner the key was
 * issued under: ownership can be transferred), then queues one message with the request's rows.
 */
export async function queueDatasetRows(
  services: GatewayServices,
  input: {
    identity: IngestIdentity;
    datasetId: number;
    rows: AcceptedRows;
    traceId: string;
    /** The Idempotency-Key's message id, when the request has one. */
    messageId?: string | undefined;
  },
): Promise<void> {
  const { projectId, ownerUserId } = input.identity;
  return produceCharged(services, {
    bucket: 'datasets',
    owner: await services.owners.ownerOf(projectId, ownerUserId),
    amount: input.rows.count,
    defaultLimit: services.quotaDefaults.datasetRecordsPerMonth,
    overQuota: QUOTA_MESSAGE,
    topic: services.topics.datasets,
    key: services.datasetKeys.keyFor(input.datasetId, input.rows.count, input.messageId),
    messageId: input.messageId,
    value: () =>
      encodeDatasetEnvelopeRows(
        {
          datasetId: input.datasetId,
          projectId: input.identity.projectId,
          acceptedAt: new Date().toISOString(),
          traceId: input.traceId,
        },
        input.rows.json(),
      ),
  });
}
