import { describe, expect, it } from 'vitest';
import type { RawInsert } from './embedded-engine.ts';
import { leastBusy } from './insert-sessions.ts';

/** A session that records the tables inserted into it and answers when its insert is released. */
function session(name: string, log: string[]) {
  const pending: Array<() => void> = [];
  const insert: RawInsert = ({ table }) => {
    log.push(`${name}:${table}`);
    return new Promise((resolve) => pending.push(() => resolve(undefined)));
  };
  return { insert, finishOne: () => pending.shift()?.() };
}

const params = (table: string) => ({
  table,
  values: Buffer.from('{}\n'),
  format: 'JSONEachRow' as const,
  settings: {},
});

describe('leastBusy', () => {
  it('sends an insert to an idle session while another session is busy', async () => {
    const log: string[] = [];
    const [a, b] = [session('a', log), session('b', log)];
    const insert = leastBusy([a.insert, b.insert]);
    const first = insert(params('t1'));
    const second = insert(params('t2'));
    expect(log).toEqual(['a:t1', 'b:t2']);
    a.finishOne();
    await first;
    void insert(params('t3'));
    expect(log).toEqual(['a:t1', 'b:t2', 'a:t3']);
    b.finishOne();
    await second;
  });

  it('queues on the first session when all are equally busy, and frees a session whose insert failed', async () => {
    const log: string[] = [];
    const failing: RawInsert = ({ table }) => {
      log.push(`a:${table}`);
      return Promise.reject(new Error('refused'));
    };
    const b = session('b', log);
    const insert = leastBusy([failing, b.insert]);
    await expect(insert(params('t1'))).rejects.toThrow('refused');
    const second = insert(params('t2'));
    void insert(params('t3'));
    expect(log).toEqual(['a:t1', 'a:t2', 'b:t3']);
    await expect(second).rejects.toThrow('refused');
  });
});
