export * from './ingest-key.ts';
export { INGEST_KEY_PREFIX, MAX_INGEST_KEY_LENGTH } from './ingest-key-format.ts';
export * from './password.ts';
export * from './pat.ts';
