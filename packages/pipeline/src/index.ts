export {
  type DatasetEnvelope,
  type DecodeResult,
  decodeDatasetEnvelope,
  encodeDatasetEnvelope,
} from './envelope.ts';
export { DEFAULT_PARTITIONS, datasetMessageKey, logMessageKey, TOPICS } from './topics.ts';
export { DATASET_SYSTEM_COLUMNS, datasetTableDdl, datasetTableName } from './dataset-table.ts';
