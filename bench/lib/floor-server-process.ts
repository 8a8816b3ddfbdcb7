import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './gateway-process.ts';

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
