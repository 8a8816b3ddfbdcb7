import { describe, expect, it } from 'vitest';
import { WarehouseError } from './errors.ts';
import { insertIsolatingRefused } from './isolate-refused.ts';

const refusal = (message: string) =>
  new WarehouseError(`insert.t failed: ${message}`, {
    statementName: 'insert.t',
    queryId: 'q',
    cause: Object.assign(new Error(message), { code: '27' }),
  });

/**
 * An engine that refuses any block holding a negative number, and records what it stored. `rowHint`
 * says which row its message names: the right one (1-based), a wrong one, or none.
 */
function fakeEngine(rowHint: 'right' | 'wrong' | 'none' = 'none') {
  const stored: number[] = [];
  const tokens: string[] = [];
  const insert = async (rows: number[], token: string) => {
    tokens.push(token);
    const bad = rows.findIndex((row) => row < 0);
    if (bad >= 0) {
      const at = { right: ` at row ${bad + 1}`, wrong: ' at row 1', none: '' }[rowHint];
      throw refusal(`Cannot parse input${at}: ${rows[bad]}`);
    }
    stored.push(...rows);
  };
  return { stored, tokens, insert };
}

describe('insertIsolatingRefused', () => {
  it('stores every good row once and returns each refused row with the engine reason', async () => {
    const engine = fakeEngine();
    const refused = await insertIsolatingRefused(engine.insert, [1, 2, -3, 4, 5, -6, 7], 't');
    expect(engine.stored.sort()).toEqual([1, 2, 4, 5, 7]);
    expect(refused).toEqual([
      { row: -3, reason: 'engine code 27: Cannot parse input: -3' },
      { row: -6, reason: 'engine code 27: Cannot parse input: -6' },
    ]);
  });

  it('splits around the row the engine names, and stays right when the named row is wrong', async () => {
    const rows = Array.from({ length: 64 }, (_, index) => (index % 16 === 5 ? -index : index));
    const good = rows.filter((row) => row >= 0);
    const counts: Record<string, number> = {};
    for (const hint of ['right', 'wrong', 'none'] as const) {
      const engine = fakeEngine(hint);
      const refused = await insertIsolatingRefused(engine.insert, rows, 't');
      expect(engine.stored.sort((a, b) => a - b)).toEqual(good);
      expect(refused.map(({ row }) => row)).toEqual([-5, -21, -37, -53]);
      counts[hint] = engine.tokens.length;
    }
    expect(counts.right).toBeLessThan(counts.none ?? 0);
  });

  it('derives the same part tokens on a repeat of the same rows', async () => {
    const first = fakeEngine();
    const second = fakeEngine();
    await insertIsolatingRefused(first.insert, [1, -2, 3], 'chunk');
    await insertIsolatingRefused(second.insert, [1, -2, 3], 'chunk');
    expect(first.tokens).toEqual(second.tokens);
    expect(first.tokens).toEqual(['chunk', 'chunk/0', 'chunk/0/0', 'chunk/0/1', 'chunk/1']);
  });

  it('rethrows a failure that is not the rows fault', async () => {
    const outage = new WarehouseError('insert.t failed: connect ECONNREFUSED', {
      statementName: 'insert.t',
      queryId: 'q',
      cause: new Error('connect ECONNREFUSED'),
    });
    const insert = async () => {
      throw outage;
    };
    await expect(insertIsolatingRefused(insert, [1, 2], 't')).rejects.toBe(outage);
  });
});
