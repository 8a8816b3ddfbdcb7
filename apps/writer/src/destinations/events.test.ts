import { describe, expect, it } from 'vitest';
import { idempotencyKey, takeBatch, toDeliveredEvent } from './events.ts';

describe('takeBatch', () => {
  const pending = [{ eventCount: 100 }, { eventCount: 300 }, { eventCount: 150 }, { eventCount: 1 }];

  it('takes the oldest deliveries that fit, in order, stopping at the first that does not', () => {
    expect(takeBatch(pending, 500)).toEqual([{ eventCount: 100 }, { eventCount: 300 }]);
    expect(takeBatch(pending, 1_000)).toEqual(pending);
  });

  it('always takes the first, even when it alone is over the budget', () => {
    expect(takeBatch([{ eventCount: 700 }, { eventCount: 1 }], 500)).toEqual([{ eventCount: 700 }]);
    expect(takeBatch([], 500)).toEqual([]);
  });
});

describe('idempotencyKey', () => {
  it('is the same for the same events and differs for others', () => {
    const a = idempotencyKey([{ id: '0-1-0' }, { id: '0-1-1' }]);
    expect(a).toMatch(/^qlog_[0-9a-f]{40}$/);
    expect(idempotencyKey([{ id: '0-1-0' }, { id: '0-1-1' }])).toBe(a);
    expect(idempotencyKey([{ id: '0-1-0' }])).not.toBe(a);
    // Ids cannot run into each other: ["0-1","1-0"] and ["0-11-0"] hash differently.
    expect(idempotencyKey([{ id: '0-1' }, { id: '1-0' }])).not.toBe(idempotencyKey([{ id: '0-11-0' }]));
  });
});

describe('toDeliveredEvent', () => {
  it('gives ISO timestamps, metadata as an object and the request trace id', () => {
    expect(
      toDeliveredEvent(
        '2-40-1',
        {
          timestamp: '2026-06-10 10:00:00.123',
          level: 'warn',
          message: 'slow',
          metadata: '{"user":{"id":42}}',
          env: 'prod',
          source: 'api',
        },
        { traceId: 'req_1', acceptedAt: '2026-06-10T10:00:01.000Z' },
      ),
    ).toEqual({
      id: '2-40-1',
      timestamp: '2026-06-10T10:00:00.123Z',
      level: 'warn',
      message: 'slow',
      metadata: { user: { id: 42 } },
      env: 'prod',
      source: 'api',
      traceId: 'req_1',
      ingestedAt: '2026-06-10T10:00:01.000Z',
    });
  });
});
