import { WarehouseError } from '@quarry/warehouse';
import { describe, expect, it } from 'vitest';
import { queryFailure } from './query.ts';

const engine = (code: string | undefined) =>
  new WarehouseError('datasets.query failed', {
    statementName: 'datasets.query',
    queryId: 'q',
    cause: code === undefined ? new Error('ECONNREFUSED') : Object.assign(new Error('engine'), { code }),
  });

describe('what a failed query answers', () => {
  it("answers 422, not a 503 to retry, when the engine refused the statement (the query's fault)", () => {
    // 43 ILLEGAL_TYPE_OF_ARGUMENT, 53 TYPE_MISMATCH, 69 ARGUMENT_OUT_OF_BOUND, 407 DECIMAL_OVERFLOW
    for (const code of ['43', '53', '69', '407']) {
      const answer = queryFailure(engine(code));
      expect([code, answer.status, answer.headers]).toEqual([code, 422, {}]);
      expect(answer.message).toBe(
        'The query engine refused this query; change the query (see docs/query-language.md)',
      );
    }
  });

  it('answers 400 naming RE2 when the engine cannot compile a matches pattern', () => {
    const answer = queryFailure(engine('427'));
    expect([answer.status, answer.message]).toEqual([
      400,
      'Invalid regular expression in matches: see RE2 syntax (github.com/google/re2/wiki/Syntax)',
    ]);
  });

  it('keeps 504 for the time limit and 422 for the result and memory limits', () => {
    expect(queryFailure(engine('159')).status).toBe(504);
    for (const code of ['158', '241', '396']) expect(queryFailure(engine(code)).status).toBe(422);
  });

  it('answers 503 with Retry-After only when retrying can help: transport, load, a missing table', () => {
    for (const code of [undefined, '202', '209', '210', '60']) {
      const answer = queryFailure(engine(code));
      expect([code, answer.status, answer.headers]).toEqual([code, 503, { 'Retry-After': '5' }]);
    }
  });
});
