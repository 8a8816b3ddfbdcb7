import { describe, expect, it } from 'vitest';
import { answerJson, answerRow } from './answer-json.ts';

const dataset = { id: 7, name: 'Orders "EU"', slug: 'orders-eu' };

/** The answer as the route wrote it before: the rows parsed, the whole object serialised. */
function stringified(rows: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ rows: rows.map((row) => JSON.parse(row)), dataset, ...extra });
}

describe('the answer as JSON text', () => {
  it('is byte for byte JSON.stringify of the parsed answer, keys in the contract order', () => {
    const rows = [
      '{"country":"RO","events":"2","revenue":62.5}',
      '{"country":"US","events":"1","revenue":5}',
    ];
    const totals = '{"events":"3","revenue":67.5}';
    expect(answerJson({ rows, dataset, truncated: false })).toBe(stringified(rows));
    expect(answerJson({ rows, dataset, truncated: true, nextCursor: 'b2Zmc2V0OjI', totals })).toBe(
      stringified(rows, { truncated: true, nextCursor: 'b2Zmc2V0OjI', totals: JSON.parse(totals) }),
    );
    expect(answerJson({ rows: [], dataset, truncated: false, totals: '{}' })).toBe(
      stringified([], { totals: {} }),
    );
  });

  it("writes the engine's own spellings of a value the way JSON.stringify does", () => {
    const engineSpellings = [
      '{"path":"\\/api\\/v1","n":"1"}',
      '{"s":"line\\u2028sep\\u0001ctl","n":"1"}',
      '{"big":1e21,"small":1e-7,"upper":2E+30}',
      '{"negative_zero":-0,"list":[-0,1]}',
      '{"low":-0.5,"t":"2026-06-10T00:00:00.000Z"}',
      '{"bins":[{"lower":0,"upper":10,"height":2}],"top":["pro","free"]}',
      '{"text":"emoji 🚀, quote \\" and backslash \\\\"}',
    ];
    for (const row of engineSpellings) {
      expect(answerRow(row)).toBe(JSON.stringify(JSON.parse(row)));
    }
    expect(answerJson({ rows: engineSpellings, dataset, truncated: false })).toBe(
      stringified(engineSpellings),
    );
  });

  it('passes a row that needs no rewriting on as the same text', () => {
    const row = '{"user_id":"user_42","events":"17","amount":1234.56}';
    expect(answerRow(row)).toBe(row);
  });

  it('refuses a row JSON cannot read, as parsing it would have', () => {
    expect(() => answerRow('{"avg":nan}')).toThrow(SyntaxError);
    expect(() => answerRow('{"max":-inf}')).toThrow(SyntaxError);
  });
});
