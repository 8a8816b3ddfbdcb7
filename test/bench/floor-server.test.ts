import { afterEach, describe, expect, it } from 'vitest';
import {
  FLOOR_SERVERS,
  type RunningFloorServer,
  startFloorServer,
} from '../../bench/lib/floor-server-process.ts';

// `bench http-floor` measures these servers: each must read the body and answer the 202 a
// single-record request gets, or the floor it reports is not that of the same exchange.
describe.each(FLOOR_SERVERS)('the %s floor server', (kind) => {
  let server: RunningFloorServer | undefined;
  afterEach(async () => {
    await server?.stop();
  });

  it('answers a single-record body with 202 and the queued answer, request after request', async () => {
    server = await startFloorServer(kind);
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.origin}/datasets/1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ timestamp: '2026-12-05T10:00:00Z', context: {}, seq: i }),
      });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ success: true, count: 1, status: 'queued' });
    }
  });
});
