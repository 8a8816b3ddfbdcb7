export { createTopic, uniqueTopic } from './kafka-topics.ts';
export type { TestDatabase } from './postgres-db.ts';
export { testSigningKeyEncryptionKey } from './secrets.ts';
export { isolatedDatabase, type LocalStack, localStack } from './stack.ts';
export { tempDir } from './temp-dir.ts';
