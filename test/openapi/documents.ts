import { controlDocument } from '@quarry/control-api';
import { gatewayDocument } from '@quarry/ingest-gateway';

/** The gateway's limits in the documents under test: its production defaults. */
export const GATEWAY_LIMITS = { maxBodyBytes: 4 * 1024 * 1024, maxBatchRecords: 10_000, maxInFlight: 2_000 };

/** Both OpenAPI documents, as the services serve them. */
export const DOCUMENTS = {
  control: () => controlDocument() as unknown as Record<string, unknown>,
  gateway: () => gatewayDocument(GATEWAY_LIMITS) as Record<string, unknown>,
};
