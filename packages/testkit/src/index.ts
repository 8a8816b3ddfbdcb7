export { createTopic, uniqueTopic } from './kafka-topics.ts';
export { type LocalStack, localStack } from './stack.ts';
export { tempDir } from './temp-dir.ts';
