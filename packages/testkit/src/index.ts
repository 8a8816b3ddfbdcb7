export { localStack, type LocalStack } from './stack.ts';
