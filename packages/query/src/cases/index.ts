import { AGGREGATE_CASES } from './aggregates.ts';
import type { QueryCase } from './dataset.ts';
import { EXPECTED } from './expected.ts';
import { GROUPING_CASES } from './grouping.ts';
import { OPERATOR_CASES } from './operators.ts';
import { ROUND_TWO_CASES } from './round-two.ts';

export {
  FIXTURE_DATASET_ID,
  FIXTURE_NOW,
  FIXTURE_RECORDS,
  FIXTURE_SCHEMA,
  FIXTURE_TARGET,
  JUNE,
  type QueryCase,
} from './dataset.ts';
export { INJECTION_STRINGS, NESTED_VALUES } from './injection.ts';

/** Every accepted case: compiled SQL is snapshot-tested here and `expected` checked on the real engine. */
export const QUERY_CASES: QueryCase[] = [
  ...GROUPING_CASES,
  ...OPERATOR_CASES,
  ...AGGREGATE_CASES,
  ...ROUND_TWO_CASES,
].map((kase) => {
  const expected = EXPECTED[kase.name];
  return expected ? { ...kase, expected } : kase;
});
