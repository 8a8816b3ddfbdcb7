import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CpuMeter } from './cpu-meter.ts';
import { freePort } from './gateway-process.ts';
import { type LoadTarget, paced } from './http-load.ts';
import { benchRecord } from './ingest-setup.ts';

/** The servers of floor-server.ts: node:http alone, and hono on @hono/node-server. */
export const FLOOR_SERVERS = ['http', 'hono'] as const;
export type FloorServer = (typeof FLOOR_SERVERS)[number];

export interface RunningFloorServer {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/** floor-server.ts of `kind` in a child process (its CPU its own), once it accepts connections. */
export async function startFloorServer(kind: FloorServer): Promise<RunningFloorServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(import.meta.dirname, 'floor-server.ts'), kind, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit')])) as [unknown];
  if (line !== 'listening') throw new Error(`the ${kind} floor server did not start (${String(line)})`);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`the ${kind} floor server has no pid`);
  return {
    origin: `http://127.0.0.1:${port}`,
    pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The single variant's request to a floor server: one bench record, any key accepted. */
export function floorTarget(origin: string): LoadTarget {
  const bodies = Array.from({ length: 8 }, (_, b) => Buffer.from(JSON.stringify(benchRecord(b))));
  return {
    origin,
    path: '/datasets/1',
    headers: { authorization: 'Bearer floor', 'content-type': 'application/json' },
    bodies,
    recordsPerRequest: 1,
  };
}

/**
 * A floor server's CPU per request (µs) at `rate` requests/s for `seconds`, after two seconds at that
 * rate unmeasured. CPU per request grows as the rate falls (fewer requests share each wake-up of the
 * event loop), so a server is compared with the floor at its own rate.
 */
export async function floorCpuAtRate(
  server: RunningFloorServer,
  load: { rate: number; seconds: number; connections: number },
): Promise<number> {
  const { rate, seconds, connections } = load;
  const target = floorTarget(server.origin);
  await paced(target, { requestsPerSecond: rate, connections, count: rate * 2, onLatency: () => {} });
  const meter = new CpuMeter({ server: server.pid });
  await paced(target, { requestsPerSecond: rate, connections, count: rate * seconds, onLatency: () => {} });
  return Math.round((meter.seconds('server') * 1e6) / (rate * seconds));
}
