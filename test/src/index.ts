export { type AppBundle, buildAppBundle } from './app-bundle.ts';
export { type Bootstrap, type EmbeddedProcess, startEmbedded } from './embedded-process.ts';
export { spawnGateway } from './gateway-process.ts';
export { IngestLoad, type LoadOutcome } from './ingest-load.ts';
export { type IsolatedBackends, openIsolatedBackends } from './isolated-backends.ts';
export {
  createTestDataset,
  openSharedBackends,
  quietLogger,
  sendBatch,
  startTestGateway,
  startTestWriter,
  type TestDataset,
  unique,
} from './pipeline.ts';
export { killWhenDone, type ServiceProcess, startService } from './service-process.ts';
export { caughtUp, exitOf, groupProgress, spawnWriter, waitForCaughtUp } from './writer-process.ts';
