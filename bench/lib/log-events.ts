const EVENTS_PER_BATCH = 100;
const LEVELS = ['debug', 'info', 'info', 'info', 'warn', 'error'];

/** Eight `/v1/logs` bodies of 100 events each, as `bench logs` sends them in turn. */
export function benchLogBatches(): { events: Record<string, unknown>[] }[] {
  return Array.from({ length: 8 }, (_, b) => ({
    events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => benchEvent(b * EVENTS_PER_BATCH + i)),
  }));
}

/** A plausible application log line: a sentence, a level, a time, a little metadata. */
function benchEvent(i: number): Record<string, unknown> {
  return {
    message: `GET /api/orders/${i} answered ${i % 7 === 0 ? 500 : 200} in ${(i * 37) % 900} ms for customer c-${i % 311}`,
    level: LEVELS[i % LEVELS.length],
    timestamp: new Date(Date.UTC(2026, 5, 10, 10, 0, i % 60, i % 1000)).toISOString(),
    metadata: {
      route: '/api/orders/:id',
      status: i % 7 === 0 ? 500 : 200,
      region: ['eu', 'us'][i % 2],
      attempt: 1,
    },
    env: 'production',
    source: `api-${i % 4}`,
  };
}
