export { AGGREGATE_NAMES, type AggregateName } from './aggregates.ts';
export { type AnswerParts, answerJson, answerRow } from './answer-json.ts';
export { BUCKET_NAMES, type BucketName } from './buckets.ts';
export { type CompiledQuery, type CompileTarget, compile, type Statement } from './compile.ts';
export { ConditionDocument, QueryDocument } from './document.ts';
export { LIMITS } from './limits.ts';
export { MESSAGES, type Refusal } from './messages.ts';
export type * from './model.ts';
export { OPERATOR_NAMES, type OperatorName } from './operators.ts';
export { parseQuery } from './parse.ts';
export { prepareQuery } from './prepare.ts';
export {
  type CompiledFilter,
  compileRecordFilter,
  parseRecordFilter,
  type RecordFilter,
} from './record-filter.ts';
export { type ShapedResult, shapeResult } from './result.ts';
export { GUARDS, type QuerySettings } from './settings.ts';
export type { ParamValue } from './sql.ts';
