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
  /** The body of the index-th request, instead of `bodies` in turn (e.g. one carrying its number). */
  bodyAt?: (index: number) => Buffer;
  /** The path of the index-th request, instead of `path` (e.g. datasets in turn). */
  pathAt?: (index: number) => string;
  /** Called for every answer, warm-up included: the request's index, its status (0: transport error). */
  onAnswer?: (index: number, status: number) => void;
  /** The headers of the index-th request, instead of `headers` (e.g. an Idempotency-Key per request). */
  headersAt?: (index: number) => Record<string, string>;
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
  options: {
    connections: number;
    seconds: number;
    warmupSeconds: number;
    /** Called once, when the first request after the warm-up is sent (e.g. to start a CPU meter). */
    onMeasureStart?: () => void;
  },
): Promise<LoadResult> {
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const recorder = new Recorder();
  const started = performance.now();
  const measureFrom = started + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  let next = 0;
  let measuring = false;
  const client = async () => {
    while (performance.now() < end) {
      const index = next++;
      const sent = performance.now();
      if (!measuring && sent >= measureFrom) {
        measuring = true;
        options.onMeasureStart?.();
      }
      const status = await send(pool, target, index);
      target.onAnswer?.(index, status);
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
  const recorder = new Recorder();
  const warmup = Math.round(options.warmupSeconds * options.requestsPerSecond);
  await paced(target, {
    requestsPerSecond: options.requestsPerSecond,
    connections: options.connections,
    count: Math.round((options.seconds + options.warmupSeconds) * options.requestsPerSecond),
    onLatency: (index, status, ms) => {
      if (index >= warmup) recorder.add(status, ms);
    },
  });
  return recorder.result(options.seconds, target.recordsPerRequest);
}

/**
 * The open-loop schedule itself: `count` requests (or until `signal` aborts) at `requestsPerSecond`,
 * each answer reported with its latency from the scheduled start. Resolves once all are answered.
 */
export async function paced(
  target: LoadTarget,
  options: {
    requestsPerSecond: number;
    connections: number;
    count?: number;
    signal?: AbortSignal;
    onLatency: (index: number, status: number, ms: number) => void;
  },
): Promise<void> {
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const interval = 1000 / options.requestsPerSecond;
  const count = options.count ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < count && !options.signal?.aborted; i++) {
    const scheduled = started + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    const request = send(pool, target, i).then((status) => {
      if (status === 202) target.onAccepted?.(performance.now());
      target.onAnswer?.(i, status);
      options.onLatency(i, status, performance.now() - scheduled);
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.all(inFlight);
  await pool.close();
}

function bodyOf(target: LoadTarget, index: number): Buffer {
  return target.bodyAt?.(index) ?? target.bodies[index % target.bodies.length] ?? Buffer.alloc(0);
}

async function send(pool: Pool, target: LoadTarget, index: number): Promise<number> {
  try {
    const path = target.pathAt?.(index) ?? target.path;
    const headers = target.headersAt?.(index) ?? target.headers;
    const body = bodyOf(target, index);
    const response = await pool.request({ path, method: 'POST', headers, body });
    await response.body.dump();
    return response.statusCode;
  } catch {
    return 0;
  }
}

/** Latencies and answers by status; `accepted` counts `okStatus` (202 for ingest, 200 for a query). */
export class Recorder {
  private readonly latencies: number[] = [];
  private readonly refused: Record<number, number> = {};
  private readonly okStatus: number;
  private accepted = 0;
  all = 0;

  constructor(okStatus = 202) {
    this.okStatus = okStatus;
  }

  add(status: number, ms: number): void {
    this.latencies.push(ms);
    if (status === this.okStatus) this.accepted++;
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
