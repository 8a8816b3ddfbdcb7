import { ApiError } from '@quarry/contract';
import { describe, expect, it } from 'vitest';
import { QueryGate } from './query-gate.ts';

const deferred = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
};

describe('query gate', () => {
  it('refuses a project past its bound with 429 and Retry-After, other projects unaffected', async () => {
    const gate = new QueryGate(2);
    const hold = deferred();
    const running = [gate.run(1, () => hold.promise), gate.run(1, () => hold.promise)];
    const refused = await gate.run(1, async () => 'ran').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(429);
    expect((refused as ApiError).message).toBe(
      'Too many concurrent queries for this project (at most 2); retry later',
    );
    expect((refused as ApiError).headers).toEqual({ 'Retry-After': '1' });
    expect(await gate.run(2, async () => 'other project')).toBe('other project');
    hold.resolve();
    await Promise.all(running);
    expect(await gate.run(1, async () => 'after')).toBe('after');
  });

  it('frees the slot when a query fails', async () => {
    const gate = new QueryGate(1);
    await expect(gate.run(1, () => Promise.reject(new Error('engine')))).rejects.toThrow('engine');
    expect(await gate.run(1, async () => 'next')).toBe('next');
  });
});
