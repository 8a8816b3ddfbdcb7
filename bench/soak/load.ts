import { type LoadResult, type LoadTarget, paced, Recorder } from '../lib/http-load.ts';
import { Ledger } from './ledger.ts';
import { QUERY_SHAPES } from './queries.ts';
import { datasetBodies, logBodies, PER_REQUEST } from './records.ts';
import type { Tenant } from './tenant.ts';

/** Soak batches are numbered from here, so they never collide with the burst's (0, 1, …). */
export const SOAK_BATCH_BASE = 1_000_000_000;

export interface MixedRates {
  datasetRequestsPerSecond: number;
  logRequestsPerSecond: number;
  queriesPerSecond: number;
}

export interface IntervalLoad {
  seconds: number;
  datasets: LoadResult;
  logs: LoadResult;
  queries: LoadResult;
}

const STREAMS = ['datasets', 'logs', 'queries'] as const;
type Stream = (typeof STREAMS)[number];

/**
 * Three open-loop streams at fixed rates for `seconds`: dataset batches and log batches to the
 * gateway, queries to the control API. interval() hands over what was answered since the last call.
 */
export class MixedLoad {
  readonly datasetLedger: Ledger;
  readonly logLedger: Ledger;
  private recorders: Record<Stream, Recorder> = fresh();
  private intervalStart = performance.now();
  private readonly targets: Record<Stream, LoadTarget>;
  private readonly rates: MixedRates;
  private readonly seconds: number;

  constructor(options: {
    gatewayUrl: string;
    controlUrl: string;
    tenant: Tenant;
    rates: MixedRates;
    seconds: number;
  }) {
    const { tenant, rates, seconds } = options;
    this.rates = rates;
    this.seconds = seconds;
    this.datasetLedger = new Ledger(SOAK_BATCH_BASE, Math.ceil(rates.datasetRequestsPerSecond * seconds) + 1);
    this.logLedger = new Ledger(0, Math.ceil(rates.logRequestsPerSecond * seconds) + 1);
    const ingestHeaders = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
    const datasetBody = datasetBodies();
    const logBody = logBodies();
    const queryBodies = QUERY_SHAPES.map((shape) => Buffer.from(JSON.stringify(shape)));
    this.targets = {
      datasets: {
        origin: options.gatewayUrl,
        path: `/datasets/${tenant.datasetId}/batch`,
        headers: ingestHeaders,
        bodies: [],
        bodyAt: (index) => datasetBody(SOAK_BATCH_BASE + index),
        onAnswer: (index, status) => this.datasetLedger.set(index, status),
        recordsPerRequest: PER_REQUEST,
      },
      logs: {
        origin: options.gatewayUrl,
        path: '/v1/logs',
        headers: ingestHeaders,
        bodies: [],
        bodyAt: (index) => logBody(index),
        onAnswer: (index, status) => this.logLedger.set(index, status),
        recordsPerRequest: PER_REQUEST,
      },
      queries: {
        origin: options.controlUrl,
        path: `/api/datasets/${tenant.project}/${tenant.datasetId}/query`,
        headers: { authorization: `Bearer ${tenant.pat}`, 'content-type': 'application/json' },
        bodies: queryBodies,
        recordsPerRequest: 1,
      },
    };
  }

  /** Runs the three streams to the end (or until `signal` aborts); resolves once all are answered. */
  async run(signal: AbortSignal): Promise<void> {
    const rateOf: Record<Stream, number> = {
      datasets: this.rates.datasetRequestsPerSecond,
      logs: this.rates.logRequestsPerSecond,
      queries: this.rates.queriesPerSecond,
    };
    this.intervalStart = performance.now();
    await Promise.all(
      STREAMS.filter((stream) => rateOf[stream] > 0).map((stream) =>
        paced(this.targets[stream], {
          requestsPerSecond: rateOf[stream],
          // Enough that a slow minute queues in the server rather than in this client.
          connections: stream === 'queries' ? 8 : 64,
          count: Math.floor(rateOf[stream] * this.seconds),
          signal,
          onLatency: (_index, status, ms) => this.recorders[stream].add(status, ms),
        }),
      ),
    );
  }

  /** What was answered since the previous call, with latencies from each request's scheduled start. */
  interval(): IntervalLoad {
    const now = performance.now();
    const seconds = (now - this.intervalStart) / 1000;
    const recorders = this.recorders;
    this.recorders = fresh();
    this.intervalStart = now;
    return {
      seconds,
      datasets: recorders.datasets.result(seconds, PER_REQUEST),
      logs: recorders.logs.result(seconds, PER_REQUEST),
      queries: recorders.queries.result(seconds, 1),
    };
  }
}

function fresh(): Record<Stream, Recorder> {
  return { datasets: new Recorder(202), logs: new Recorder(202), queries: new Recorder(200) };
}
