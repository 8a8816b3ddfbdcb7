export { uniqueTopic } from './kafka-topics.ts';
export { describeLeaks, findLeaks, type Haystack, type Leak, type Needle } from './leaks.ts';
export type { TestDatabase } from './postgres-db.ts';
export { testDestinationKey, testSigningKeyEncryptionKey } from './secrets.ts';
export {
  SECRET_SHAPES,
  SERVICE_LOG_NEEDLES,
  scanServiceLogs,
  withoutEmbeddedBanner,
} from './service-log-scan.ts';
export { serviceLogPrefix } from './service-logs.ts';
export { isolatedDatabase, type LocalStack, localStack, runFuzzSeed } from './stack.ts';
export { tempDir } from './temp-dir.ts';
