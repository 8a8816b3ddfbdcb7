export { type Bootstrap, type EmbeddedProcess, startEmbedded } from './embedded-process.ts';
export {
  createTestDataset,
  openSharedBackends,
  quietLogger,
  sendBatch,
  startTestGateway,
  type TestDataset,
  unique,
} from './pipeline.ts';
export { exitOf, groupProgress, spawnWriter, waitForCaughtUp } from './writer-process.ts';
