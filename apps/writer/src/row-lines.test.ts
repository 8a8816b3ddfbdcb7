import { encodeDatasetEnvelope } from '@quarry/pipeline';
import { describe, expect, it } from 'vitest';
import { spliceDatasetEnvelope } from './dataset-splice.ts';
import { encodeRows, ObjectRows, SplicedRows, withSystemColumns } from './row-lines.ts';

const columns = { traceId: 'req_"ü"', acceptedAt: '2026-06-10T12:00:00.000Z', partition: 4, offset: '1234' };
// In the lines the accept time is spelled for the engine's `basic` date-time parsing.
const inLines = { ...columns, acceptedAt: '2026-06-10 12:00:00.000' };

function spliced(value: string) {
  const result = spliceDatasetEnvelope(Buffer.from(value));
  if (!result.ok) throw new Error(result.reason);
  return new SplicedRows(result.envelope, columns);
}

const rows = [
  { timestamp: '2026-06-10 12:00:00.000', context: '{"a":1}', city: 'Zürich \u2028 😀', amount: 0.1 },
  {},
  { active: false, note: 'a\\"b' },
];

describe('SplicedRows', () => {
  it('writes each row as the object the writer always inserted: its fields, then the writer columns', () => {
    const lines = spliced(
      encodeDatasetEnvelope({ datasetId: 1, projectId: 1, acceptedAt: 'x', traceId: 'y', rows }),
    );
    const body = encodeRows(rows.map((_, index) => ({ lines, index }))).toString('utf8');
    expect(body.endsWith('\n')).toBe(true);
    const parsed = body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(parsed).toEqual(rows.map((row, index) => withSystemColumns(row, inLines, index)));
    expect(lines.basicDateTimes).toBe(true);
    // The quarantine keeps the row as before: the accept time as the gateway wrote it.
    expect(rows.map((_, index) => lines.object(index))).toEqual(
      rows.map((row, index) => withSystemColumns(row, columns, index)),
    );
  });

  it('keeps an accept time it cannot rewrite as it is, for best_effort parsing', () => {
    const result = spliceDatasetEnvelope(
      Buffer.from(
        encodeDatasetEnvelope({ datasetId: 1, projectId: 1, acceptedAt: 'x', traceId: 'y', rows: [{}] }),
      ),
    );
    if (!result.ok) throw new Error(result.reason);
    const lines = new SplicedRows(result.envelope, { ...columns, acceptedAt: '2026-06-10T14:00:00+02:00' });
    expect(lines.basicDateTimes).toBe(false);
    expect(JSON.parse(encodeRows([{ lines, index: 0 }]).toString()).__ingestedAt).toBe(
      '2026-06-10T14:00:00+02:00',
    );
  });

  it('keeps rows laid out with whitespace, and an empty object spelled with spaces', () => {
    const lines = spliced(`{"v":1,"kind":"dataset","datasetId":1,"projectId":1,"acceptedAt":"a","traceId":"t",
      "rows":[ { "a" : 1 } , { } ]}`);
    const body = encodeRows([0, 1].map((index) => ({ lines, index }))).toString('utf8');
    expect(
      body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([withSystemColumns({ a: 1 }, inLines, 0), withSystemColumns({}, inLines, 1)]);
  });

  it('numbers rows past 9, 99 and 999 in the line', () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ i }));
    const lines = spliced(
      encodeDatasetEnvelope({ datasetId: 1, projectId: 1, acceptedAt: 'x', traceId: 'y', rows: many }),
    );
    const picked = [0, 9, 10, 99, 100, 999, 1000].map((index) => ({ lines, index }));
    const parsed = encodeRows(picked)
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(parsed.map((row) => [row.i, row.__sourceIndex])).toEqual(
      picked.map(({ index }) => [index, index]),
    );
  });

  it('has no object for a row that is not JSON inside (the engine refuses it)', () => {
    const lines = spliced(
      `{"v":1,"kind":"dataset","datasetId":1,"projectId":1,"acceptedAt":"a","traceId":"t","rows":[{"a":tru}]}`,
    );
    expect(lines.object(0)).toBeUndefined();
  });
});

describe('ObjectRows', () => {
  it('writes each row serialized once, as JSONEachRow', () => {
    const lines = new ObjectRows(rows);
    expect(encodeRows(rows.map((_, index) => ({ lines, index }))).toString('utf8')).toBe(
      rows.map((row) => `${JSON.stringify(row)}\n`).join(''),
    );
    expect(lines.object(2)).toBe(rows[2]);
  });
});
