import { datasetTableName } from '@quarry/pipeline';
import { createWarehouse } from '@quarry/warehouse';
import { expect } from 'vitest';
import { z } from 'zod';
import { PRODUCE_MESSAGES } from '../../../apps/ingest-gateway/src/produce.ts';
import type { Pipeline, Tenant } from './pipeline.ts';

export interface Outcome {
  kind: 'dataset' | 'log';
  /** The id of every record the request carried (dataset field `rid`, log `message`); never reused. */
  ids: string[];
  /** 0 when no HTTP answer came back. */
  status: number;
  retryAfter: string | null;
  body: unknown;
  startedAt: number;
  endedAt: number;
}

/** From the moment the fault was in effect until its recovery began. */
export interface Window {
  from: number;
  to: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Concurrent senders posting dataset batches and log requests to a gateway. A refused request is not
 * sent again (the next one carries new ids), so each record's fate follows from its one answer.
 */
export class FaultLoad {
  readonly outcomes: Outcome[] = [];
  private stopped = false;
  private senders: Promise<void>[] = [];
  private readonly url: string;
  private readonly tenant: Tenant;

  constructor(url: string, tenant: Tenant) {
    this.url = url;
    this.tenant = tenant;
  }

  start(options = { datasetSenders: 4, logSenders: 2 }): void {
    const datasets = Array.from({ length: options.datasetSenders }, (_, i) => this.sender('dataset', i));
    const logs = Array.from({ length: options.logSenders }, (_, i) => this.sender('log', i));
    this.senders = [...datasets, ...logs];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.senders);
  }

  /** Requests sent after the fault was in effect and answered before its recovery began. */
  within(window: Window): Outcome[] {
    return this.outcomes.filter((o) => o.startedAt >= window.from && o.endedAt <= window.to);
  }

  /**
   * Requests answered while the fault was in effect. The first second is left out: an answer the
   * dependency gave just before it went away can reach the client a moment later.
   */
  answeredDuring(window: Window): Outcome[] {
    return this.outcomes.filter((o) => o.endedAt >= window.from + 1_000 && o.endedAt <= window.to);
  }

  async waitFor(status: number, count: number, since: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const seen = () => this.outcomes.filter((o) => o.status === status && o.startedAt >= since).length;
    while (seen() < count) {
      if (Date.now() > deadline) throw new Error(`only ${seen()} answers ${status} within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  private async sender(kind: Outcome['kind'], index: number): Promise<void> {
    for (let request = 0; !this.stopped; request++) {
      const ids = Array.from({ length: 10 }, (_, i) => `${kind}-${index}-${request}-${i}`);
      const outcome = await this.post(kind, ids);
      this.outcomes.push(outcome);
      await sleep(outcome.status === 202 ? 20 : 100);
    }
  }

  private async post(kind: Outcome['kind'], ids: string[]): Promise<Outcome> {
    const [path, body] =
      kind === 'dataset'
        ? [
            `/datasets/${this.tenant.datasetId}/batch`,
            ids.map((rid) => ({ timestamp: '2026-06-10T10:00:00Z', context: {}, rid })),
          ]
        : ['/v1/logs', { events: ids.map((message) => ({ message, level: 'info' })) }];
    const startedAt = Date.now();
    try {
      const response = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.tenant.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      const retryAfter = response.headers.get('retry-after');
      return {
        kind,
        ids,
        status: response.status,
        retryAfter,
        body: parse(text),
        startedAt,
        endedAt: Date.now(),
      };
    } catch (error) {
      return { kind, ids, status: 0, retryAfter: null, body: String(error), startedAt, endedAt: Date.now() };
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface OutagePlan {
  /** What must hold under load before the fault, beyond the gateway's first accepted requests. */
  ready?(): Promise<void>;
  inject(): Promise<void>;
  /** How long the dependency stays down, at least. */
  holdMs: number;
  /** Probes run while it is down, beside the load. */
  whileDown?(window: { from: number }): Promise<void>;
  recover(): Promise<void>;
}

/** Load before, during and after the fault; resolves once load stopped, with the fault's timings. */
export async function runOutage(load: FaultLoad, plan: OutagePlan) {
  load.start();
  await load.waitFor(202, 150, 0, 60_000);
  await plan.ready?.();
  const injecting = Date.now();
  await plan.inject();
  const from = Date.now();
  await Promise.all([plan.whileDown?.({ from }), sleep(plan.holdMs)]);
  const to = Date.now();
  await plan.recover();
  const recovered = Date.now();
  // Load goes on until the recovered pipeline accepted plenty again, so recovery is shown under load.
  await load.waitFor(202, 150, recovered, 90_000);
  await load.stop();
  return { down: { from, to }, outageMs: recovered - injecting, recoveryMs: recovered - to };
}

// What a refusal's body must never carry: stack frames, addresses, driver or SQL text.
const LEAKS = /\n\s+at |ECONN|127\.0\.0\.1|localhost|SELECT|INSERT|redis|postgres|kafka|chdb|clickhouse/i;

/** A 503 in the contract's envelope, with Retry-After, naming no internals. */
export function isWellFormedUnavailable(answer: Pick<Outcome, 'status' | 'retryAfter' | 'body'>): boolean {
  const body = answer.body as Record<string, unknown> | null;
  return (
    answer.status === 503 &&
    Number(answer.retryAfter) > 0 &&
    typeof body === 'object' &&
    body !== null &&
    Object.keys(body).sort().join() === 'error,message' &&
    body.error === 'Service Unavailable' &&
    typeof body.message === 'string' &&
    !LEAKS.test(JSON.stringify(body))
  );
}

/** Every answer has one of `statuses`, and every 503 is well formed; failures list a few examples. */
export function expectOnlyStatuses(outcomes: Outcome[], statuses: number[]): void {
  const unexpected = outcomes.filter((o) => !statuses.includes(o.status));
  expect(unexpected.slice(0, 5).map(describe), `${unexpected.length} unexpected answers`).toEqual([]);
  const malformed = outcomes.filter((o) => o.status === 503 && !isWellFormedUnavailable(o));
  expect(malformed.slice(0, 5).map(describe), `${malformed.length} malformed 503s`).toEqual([]);
}

const describe = (o: Outcome) =>
  `${o.kind} ${o.status} retry-after=${o.retryAfter} ${JSON.stringify(o.body)}`;

const Copies = z.object({ id: z.string(), copies: z.coerce.number() });

/**
 * Opens the writer's warehouse (no writer process may hold it) and checks every record's fate:
 * each one answered 202 is stored exactly once; one refused before its produce (quota, rate limit,
 * catalog) is not stored; one refused because the produce failed may have reached the broker before
 * the failure was seen (a lost ack), so it is stored at most once. A request is stored whole or not.
 */
export async function expectStoredExactlyOnce(pipeline: Pipeline, outcomes: Outcome[]) {
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: pipeline.warehouseDir });
  const rows = await Promise.all([
    warehouse.query({
      name: 'faults.dataset_copies',
      sql: `SELECT rid AS id, count() AS copies FROM ${datasetTableName(pipeline.tenant.datasetId)} GROUP BY rid`,
      schema: Copies,
    }),
    warehouse.query({
      name: 'faults.log_copies',
      sql: 'SELECT message AS id, count() AS copies FROM logs WHERE project_id = {project:UInt64} GROUP BY message',
      params: { project: pipeline.tenant.projectId },
      schema: Copies,
    }),
  ]);
  await warehouse.close();
  const copies = new Map(rows.flat().map((row) => [row.id, row.copies]));
  const sent = new Set(outcomes.flatMap((o) => o.ids));
  const storedOf = (o: Outcome) => o.ids.filter((id) => copies.has(id)).length;
  const accepted = outcomes.filter((o) => o.status === 202);
  const refused = outcomes.filter((o) => o.status !== 202);
  const produceFailed = (o: Outcome) =>
    (o.body as { message?: unknown })?.message === PRODUCE_MESSAGES.unavailable;
  const first = (ids: string[]) => ({ count: ids.length, first: ids.slice(0, 5) });
  expect({
    duplicated: first([...copies].filter(([, n]) => n > 1).map(([id]) => id)),
    lost: first(accepted.flatMap((o) => o.ids.filter((id) => copies.get(id) !== 1))),
    neverSent: first([...copies.keys()].filter((id) => !sent.has(id))),
    refusedYetStored: first(
      refused.filter((o) => !produceFailed(o)).flatMap((o) => o.ids.filter((id) => copies.has(id))),
    ),
    halfStored: first(
      outcomes.filter((o) => storedOf(o) > 0 && storedOf(o) < o.ids.length).flatMap((o) => o.ids),
    ),
  }).toEqual({
    duplicated: first([]),
    lost: first([]),
    neverSent: first([]),
    refusedYetStored: first([]),
    halfStored: first([]),
  });
  const records = (list: Outcome[]) => list.reduce((sum, o) => sum + o.ids.length, 0);
  return {
    requests: outcomes.length,
    acceptedRecords: records(accepted),
    refusedRecords: records(refused),
    refusedButStored: records(refused.filter((o) => storedOf(o) > 0)),
    storedRecords: copies.size,
  };
}

/** One line per run on stderr: the figures a reader of the test log wants. */
export function report(name: string, figures: Record<string, unknown>): void {
  process.stderr.write(`[faults:${name}] ${JSON.stringify(figures)}\n`);
}

/** A service's /readyz: its status and the names of the checks that failed. */
export async function readiness(url: string): Promise<{ status: number; failing: string[] }> {
  const response = await fetch(`${url}/readyz`);
  const report = (await response.json()) as { checks: Record<string, string> };
  const failing = Object.entries(report.checks).filter(([, state]) => state !== 'ok');
  return { status: response.status, failing: failing.map(([name]) => name).sort() };
}

/** Polls `read` until it returns `expected` or `limitMs` passed (a wait on the condition, not a sleep); returns the last value read. */
export async function settlesTo<T>(read: () => Promise<T>, expected: T, limitMs: number): Promise<T> {
  const deadline = Date.now() + limitMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
