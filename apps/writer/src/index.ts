export { createWriter, type WriterDependencies } from './start.ts';
export type { RunningWriter } from './writer.ts';
