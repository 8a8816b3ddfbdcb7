export { type BatchingOptions, DEFAULT_BATCHING } from './batcher.ts';
export { createQuarry, type DatasetInfo, Quarry, type QuarryOptions } from './client.ts';
export { Dataset } from './dataset.ts';
export { QuarryError, type QuarryErrorDetails } from './errors.ts';
export type {
  AggregateName,
  BucketName,
  Condition,
  FieldName,
  GroupItem,
  HavingCondition,
  Query,
  QueryResult,
  RowOf,
  SelectItem,
} from './query-types.ts';
export { DEFAULT_RETRY, type RetryOptions } from './retry.ts';
export {
  defineSchema,
  type Fields,
  type FieldType,
  type FieldValue,
  type RecordOf,
  type Schema,
  schemaDifferences,
} from './schema.ts';
