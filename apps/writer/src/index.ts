export { DEAD_LETTER_HEADERS } from './dead-letters.ts';
export { createWriter, type WriterDependencies } from './start.ts';
export type { RunningWriter } from './writer.ts';
