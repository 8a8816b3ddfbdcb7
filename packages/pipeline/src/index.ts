export { DATASET_SYSTEM_COLUMNS, datasetTableDdl, datasetTableName } from './dataset-table.ts';
export { DEAD_LETTER_HEADERS } from './dead-letters.ts';
export {
  type DatasetEnvelope,
  type DecodeResult,
  decodeDatasetEnvelope,
  encodeDatasetEnvelope,
} from './envelope.ts';
export {
  decodeLogEnvelope,
  encodeLogEnvelope,
  type LogDecodeResult,
  type LogEnvelope,
  type LogEvent,
  logEventId,
} from './log-envelope.ts';
export { LOGS_TABLE, LOGS_TABLE_DDL } from './logs-table.ts';
export {
  DEFAULT_PARTITIONS,
  datasetMessageKey,
  logMessageKey,
  MAX_MESSAGE_BYTES,
  TOPIC_SPECS,
  TOPICS,
  type Topics,
  topicNames,
  topicSpecs,
} from './topics.ts';
