export { type CopyPlan, type CopyPlanResult, copyMonthsSql, planCopy } from './dataset-copy.ts';
export {
  addColumnsDdl,
  addColumnsStatements,
  DATASET_SYSTEM_COLUMNS,
  datasetTableDdl,
  datasetTableName,
  datasetTableStatements,
  deleteRecordsSql,
  dropDatasetTableStatements,
  retentionDdl,
} from './dataset-table.ts';
export { DEAD_LETTER_HEADERS } from './dead-letters.ts';
export {
  type DatasetEnvelope,
  type DecodeResult,
  decodeDatasetEnvelope,
  encodeDatasetEnvelope,
  encodeDatasetEnvelopeRows,
} from './envelope.ts';
export {
  bookkeepingTableStatements,
  MESSAGE_ID_HEADER,
  MESSAGE_IDS_TABLE,
  MESSAGE_IDS_TABLE_DDL,
  MESSAGE_IDS_TTL_DAYS,
  OFFSETS_TABLE,
  OFFSETS_TABLE_DDL,
} from './ledger.ts';
export {
  decodeLogEnvelope,
  encodeLogEnvelope,
  encodeLogEnvelopeEvents,
  type LogDecodeResult,
  type LogEnvelope,
  type LogEvent,
  logEventId,
} from './log-envelope.ts';
export { LOGS_TABLE, LOGS_TABLE_DDL, logsTableStatements } from './logs-table.ts';
export { MessageIds, type Position, samePosition } from './message-ids.ts';
export { localTableName, partsSource } from './table-ddl.ts';
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
