import { decodeDatasetEnvelope, encodeDatasetEnvelope } from '@quarry/pipeline';
import { describe, expect, it } from 'vitest';
import { spliceDatasetEnvelope } from './dataset-splice.ts';

const header = { datasetId: 7, projectId: 3, acceptedAt: '2026-06-10T12:00:00.000Z', traceId: 'req_1' };
const rowsOf = (value: string) => {
  const result = spliceDatasetEnvelope(Buffer.from(value));
  if (!result.ok) throw new Error(result.reason);
  const { bytes, starts, ends } = result.envelope;
  return starts.map((start, i) => bytes.toString('utf8', start, ends[i]));
};

describe('spliceDatasetEnvelope', () => {
  it('reads the header and delimits each row without parsing it', () => {
    const rows = [
      {
        timestamp: '2026-06-10 12:00:00.000',
        context: '{"a":[1,{"b":"}"}]}',
        name: 'zoë "x" \\ ]}',
        n: -1.5e3,
      },
      {},
      { ok: true, nested: { deep: [[], {}] } },
    ];
    const value = encodeDatasetEnvelope({ ...header, rows });
    const result = spliceDatasetEnvelope(Buffer.from(value));
    expect(result.ok && { ...result.envelope, bytes: undefined, starts: undefined, ends: undefined }).toEqual(
      {
        v: 1,
        kind: 'dataset',
        ...header,
        bytes: undefined,
        starts: undefined,
        ends: undefined,
      },
    );
    expect(rowsOf(value).map((text) => JSON.parse(text))).toEqual(rows);
  });

  it('accepts whitespace, any key order and a message with no rows', () => {
    const value = ` { "rows" : [ { "a" : 1 } , {"b":"2"} ] , "traceId":"t","acceptedAt":"x",
      "projectId":1,"datasetId":2,"kind":"dataset","v":1 } `;
    expect(rowsOf(value)).toEqual(['{ "a" : 1 }', '{"b":"2"}']);
    expect(rowsOf(encodeDatasetEnvelope({ ...header, rows: [] }))).toEqual([]);
  });

  it('gives the reasons decodeDatasetEnvelope gives for what it cannot store', () => {
    const valid = encodeDatasetEnvelope({ ...header, rows: [{ a: 1 }] });
    const poison = [
      'not json at all',
      '',
      valid.slice(0, -1),
      `${valid} trailing`,
      valid.replace('"v":1', '"v":2'),
      valid.replace('"datasetId":7', '"datasetId":0'),
      valid.replace('"rows":[{"a":1}]', '"rows":[[1]]'),
      valid.replace('"rows":[{"a":1}]', '"rows":{"a":1}'),
      valid.replace('"rows":[{"a":1}]', '"rows":[{"a":1},]'),
      valid.replace('"rows":[{"a":1}]', '"rows":[{"a":"1}]'),
      valid.replace('"rows":[{"a":1}]', '"rows":[{"a":[1}]'),
      valid.replace(',"rows":[{"a":1}]', ''),
      valid.replace('"traceId":"req_1"', '"traceId":null'),
      valid.replace('"traceId":"req_1"', '"traceId":"a\nb"'),
      '{}',
      '[]',
    ];
    for (const text of poison) {
      const expected = decodeDatasetEnvelope(Buffer.from(text));
      expect(expected.ok, text).toBe(false);
      expect(spliceDatasetEnvelope(Buffer.from(text)), text).toEqual(expected);
    }
    expect(spliceDatasetEnvelope(null)).toEqual(decodeDatasetEnvelope(null));
  });

  it('takes the last of repeated keys, as JSON.parse does', () => {
    const value = `{"v":1,"kind":"dataset","datasetId":1,"projectId":1,"acceptedAt":"a","traceId":"t","rows":[{"x":1}],"rows":[{"y":2},{"z":3}],"traceId":"u"}`;
    const result = spliceDatasetEnvelope(Buffer.from(value));
    expect(result.ok && result.envelope.traceId).toBe('u');
    expect(rowsOf(value)).toEqual(['{"y":2}', '{"z":3}']);
  });
});
