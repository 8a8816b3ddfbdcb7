import { describe, expect, it } from 'vitest';
import { exitHookMembers, flushOnExit } from './exit-hooks.ts';

const member = (flushed: boolean[] = []) => ({
  flushForExit: async ({ keepalive }: { keepalive: boolean }) => {
    flushed.push(keepalive);
  },
  pending: () => 0,
});

describe('process-wide exit hooks', () => {
  it('add one listener per event however many SDK instances register, and forget one that leaves', () => {
    const before = ['SIGTERM', 'SIGINT', 'beforeExit', 'exit'].map((event) => process.listenerCount(event));
    const leave = [member(), member(), member()].map((each) => flushOnExit(each));
    const after = ['SIGTERM', 'SIGINT', 'beforeExit', 'exit'].map((event) => process.listenerCount(event));
    expect(after).toEqual(before.map((count) => count + 1));
    expect(exitHookMembers()).toBe(3);
    for (const undo of leave) undo();
    expect(exitHookMembers()).toBe(0);
  });

  it('share one registry between copies of the module (an ESM and a CommonJS build in one process)', async () => {
    const registry = Symbol.for('quarry.sdk.exit-hooks');
    const undo = flushOnExit(member());
    expect((globalThis as Record<symbol, { members: Set<unknown> }>)[registry]?.members.size).toBe(1);
    undo();
  });
});
