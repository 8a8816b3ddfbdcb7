import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { percentile } from './report.ts';

export interface LoadTarget {
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** Request bodies, sent in turn. */
  bodies: Buffer[];
  /** What one accepted request counts for (records per batch). */
  recordsPerRequest: number;
  /** Called with performance.now() when a request is answered 202 (end-to-end lag measurements). */
  onAccepted?: (at: number) => void;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  /** Requests answered during warm-up and measurement alike (for per-request costs). */
  allRequests: number;
  accepted: number;
  /** Non-202 answers and transport errors, by status (0 for a transport error). */
  refused: Record<number, number>;
  records_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

/**
 * Closed loop: `connections` clients each send the next request as soon as the previous one is
 * answered, for `seconds` after `warmupSeconds` (whose requests are not counted). Measures the
 * maximum rate the gateway sustains at that concurrency.
 */
export async function closedLoop(
  target: LoadTarget,
  options: { connections: number; seconds: number; warmupSeconds: number },
): Promise<LoadResult> {
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const recorder = new Recorder();
  const started = performance.now();
  const measureFrom = started + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  let next = 0;
  const client = async () => {
    while (performance.now() < end) {
      const body = target.bodies[next++ % target.bodies.length] ?? Buffer.alloc(0);
      const sent = performance.now();
      const status = await send(pool, target, body);
      recorder.all++;
      if (sent >= measureFrom) recorder.add(status, performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  await pool.close();
  return recorder.result(options.seconds, target.recordsPerRequest);
}

/**
 * Open loop: requests start on a fixed schedule at `requestsPerSecond` whatever the answers, and
 * latency counts from the scheduled start, so a stall is not hidden by sending less during it.
 */
export async function openLoop(
  target: LoadTarget,
  options: { requestsPerSecond: number; seconds: number; warmupSeconds: number; connections: number },
): Promise<LoadResult> {
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const recorder = new Recorder();
  const interval = 1000 / options.requestsPerSecond;
  const total = Math.round((options.seconds + options.warmupSeconds) * options.requestsPerSecond);
  const warmup = Math.round(options.warmupSeconds * options.requestsPerSecond);
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const scheduled = started + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    const body = target.bodies[i % target.bodies.length] ?? Buffer.alloc(0);
    const request = send(pool, target, body).then((status) => {
      if (status === 202) target.onAccepted?.(performance.now());
      if (i >= warmup) recorder.add(status, performance.now() - scheduled);
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.all(inFlight);
  await pool.close();
  return recorder.result(options.seconds, target.recordsPerRequest);
}

async function send(pool: Pool, target: LoadTarget, body: Buffer): Promise<number> {
  try {
    const response = await pool.request({ path: target.path, method: 'POST', headers: target.headers, body });
    await response.body.dump();
    return response.statusCode;
  } catch {
    return 0;
  }
}

class Recorder {
  private readonly latencies: number[] = [];
  private readonly refused: Record<number, number> = {};
  private accepted = 0;
  all = 0;

  add(status: number, ms: number): void {
    this.latencies.push(ms);
    if (status === 202) this.accepted++;
    else this.refused[status] = (this.refused[status] ?? 0) + 1;
  }

  result(seconds: number, recordsPerRequest: number): LoadResult {
    const sorted = this.latencies.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
      seconds,
      requests: sorted.length,
      allRequests: this.all,
      accepted: this.accepted,
      refused: this.refused,
      records_per_s: Math.round((this.accepted * recordsPerRequest) / seconds),
      p50_ms: round(percentile(sorted, 0.5)),
      p99_ms: round(percentile(sorted, 0.99)),
      max_ms: round(sorted.at(-1) ?? Number.NaN),
    };
  }
}
