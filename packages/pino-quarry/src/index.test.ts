import { describe, expect, it } from 'vitest';
import { levelOf, toEvent } from './index.ts';

describe('pino lines as Quarry events', () => {
  it.each([
    [10, 'debug'],
    [20, 'debug'],
    [25, 'debug'],
    [30, 'info'],
    [35, 'info'],
    [40, 'warn'],
    [50, 'error'],
    [60, 'error'],
    ['info', 'info'],
  ])('level %s is %s', (level, expected) => {
    expect(levelOf(level)).toBe(expected);
  });

  it('takes msg and time out of the line and keeps every other field as metadata', () => {
    const line = { level: 30, time: 1_781_092_800_123, pid: 7, hostname: 'h', requestId: 'r', msg: 'paid' };
    expect(toEvent(line)).toEqual({
      message: 'paid',
      metadata: { pid: 7, hostname: 'h', requestId: 'r' },
      at: new Date('2026-06-10T12:00:00.123Z'),
    });
  });

  it('uses an error’s message when there is no msg, and a placeholder when there is neither', () => {
    expect(toEvent({ err: { type: 'Error', message: 'boom' } }).message).toBe('boom');
    expect(toEvent({ level: 30 }).message).toBe('(no message)');
    expect(toEvent({ message: 'custom key' }, 'message').message).toBe('custom key');
  });
});
