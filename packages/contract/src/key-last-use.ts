/**
 * Redis key holding when an ingest key was last accepted (ISO 8601). Gateways write it at most once
 * per flush interval per key; the control API reads it when listing keys. No catalog write per request.
 */
export const ingestKeyLastUseKey = (keyId: string) => `ingest_key_last_use:${keyId}`;
