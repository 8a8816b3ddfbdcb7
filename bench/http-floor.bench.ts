import { parseArgs } from 'node:util';
import { CpuMeter } from './lib/cpu-meter.ts';
import { FLOOR_SERVERS, floorCpuAtRate, floorTarget, startFloorServer } from './lib/floor-server-process.ts';
import { closedLoop } from './lib/http-load.ts';
import { sampleLoadRange } from './lib/process-cpu.ts';
import { report } from './lib/report.ts';

/**
 * `npm run bench -- http-floor [--rate 2500] [--seconds 10] [--connections 16]`
 *
 * What HTTP alone costs on this machine: a server that only reads, parses and answers the single
 * variant's body (node:http, then hono on @hono/node-server, the gateway's versions), in a child
 * process whose CPU is read from /proc. First at `--rate` requests/s, the rate `bench ingest --variant
 * single` reaches here (CPU per request grows as the rate falls: fewer requests share each wake-up of
 * the event loop), then in a closed loop as fast as it answers. The part of the gateway's CPU per
 * single-record request that no handler code can remove.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '2500' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
    },
  });
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const loadRange = sampleLoadRange();
  const figures: Record<string, number | string> = { rate, seconds, connections };
  for (const kind of FLOOR_SERVERS) {
    const server = await startFloorServer(kind);
    try {
      const target = floorTarget(server.origin);
      console.log(`[bench http-floor] ${kind}: ${rate} requests/s for ${seconds} s`);
      figures[`${kind}_cpu_us_per_request_at_rate`] = await floorCpuAtRate(server, {
        rate,
        seconds,
        connections,
      });
      console.log(`[bench http-floor] ${kind}: closed loop, ${connections} connections, ${seconds} s`);
      let measured: CpuMeter | undefined;
      const result = await closedLoop(target, {
        connections,
        seconds,
        warmupSeconds: 2,
        onMeasureStart: () => {
          measured = new CpuMeter({ server: server.pid });
        },
      });
      figures[`${kind}_max_requests_per_s`] = Math.round(result.records_per_s);
      figures[`${kind}_cpu_us_per_request_at_max`] = perRequestUs(
        measured?.seconds('server') ?? Number.NaN,
        result.requests,
      );
      figures[`${kind}_refused`] = Object.values(result.refused).reduce((sum, count) => sum + count, 0);
    } finally {
      await server.stop();
    }
  }
  figures.load_avg_1m = loadRange.stop();
  report('http-floor', figures);
}

function perRequestUs(cpu: number, requests: number): number {
  return Math.round((cpu * 1e6) / requests);
}
