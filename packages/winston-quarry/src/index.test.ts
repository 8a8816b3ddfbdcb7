import { describe, expect, it } from 'vitest';
import { levelOf, toEvent } from './index.ts';

const LEVEL = Symbol.for('level');

describe('winston entries as Quarry events', () => {
  it.each([
    ['emerg', 'error'],
    ['crit', 'error'],
    ['warning', 'warn'],
    ['notice', 'info'],
    ['http', 'info'],
    ['verbose', 'debug'],
    ['silly', 'debug'],
    ['custom', 'info'],
  ])('level %s is %s', (level, expected) => {
    expect(levelOf({ level })).toBe(expected);
  });

  it('reads the uncolored level winston keeps under Symbol.for("level")', () => {
    expect(levelOf({ level: '\u001b[31merror\u001b[39m', [LEVEL]: 'error' })).toBe('error');
  });

  it('takes level, message and timestamp out and keeps the other fields, not winston’s symbols', () => {
    const info = {
      level: 'info',
      message: 'paid',
      timestamp: '2026-06-10T12:00:00.123Z',
      orderId: 4,
      [LEVEL]: 'info',
    };
    expect(toEvent(info)).toEqual({
      message: 'paid',
      metadata: { orderId: 4 },
      at: new Date('2026-06-10T12:00:00.123Z'),
    });
    expect(toEvent({ level: 'info', message: '' }).message).toBe('(no message)');
  });
});
