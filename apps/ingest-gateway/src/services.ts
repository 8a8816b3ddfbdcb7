import type { Counters } from '@quarry/counters';
import {
  Counter,
  Gauge,
  type Logger,
  type ReadinessCheck,
  type Registry,
  type ServiceMetrics,
} from '@quarry/observability';
import type { Topics } from '@quarry/pipeline';
import type { DatasetCache } from './datasets/dataset-cache.ts';
import type { DatasetPartitionKeys } from './datasets/partition-key.ts';
import type { ProjectOwners } from './datasets/project-owners.ts';
import type { KeyStatusCache } from './keys/key-status.ts';
import type { KeyLastUse } from './keys/last-use.ts';
import type { PublicKeyCache } from './keys/public-keys.ts';

/** The counters operations the gateway uses (Redis in production, in-memory embedded). */
export interface GatewayCounters {
  reserveQuota(options: {
    limitKey: string;
    totalKey: string;
    deltaKey: string;
    amount: number;
    defaultLimit: number;
    reservationKey?: string;
  }): Promise<{ ok: true; used: number } | { ok: false; limit: number; used: number }>;
  settleQuota(reservationKey: string): void;
  cancelQuota(options: { reservationKey: string; totalKey: string; deltaKey: string }): Promise<void>;
  /** The rate limit then, when it allows, the quota, in one atomic step (the log endpoints). */
  rateLimitThenReserve: Counters['rateLimitThenReserve'];
  /** `count` requests of one key in one atomic step, a decision each (the log rate limit's batches). */
  rateLimitMany(
    options: { key: string; ratePerSecond: number; burst: number },
    count: number,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }[]>;
  /** Idempotency records. Writes in one step, in order: true per stored key (false: `onlyIfAbsent` and it existed). */
  setMany(
    writes: readonly { key: string; value: string; ttlSeconds: number; onlyIfAbsent?: boolean }[],
  ): Promise<boolean[]>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface GatewayProducer {
  send(
    topic: string,
    messages: { key: string; value: string | Buffer; headers?: Record<string, string> }[],
  ): Promise<unknown>;
}

/** GCRA per ingest key: `burst` requests at once, then `ratePerSecond`. */
export interface RateLimitSettings {
  ratePerSecond: number;
  burst: number;
}

export interface IdempotencySettings {
  /** How long a 202 is replayed for the same Idempotency-Key (24 h). */
  ttlSeconds: number;
  /** Frees the claim of a request that never finished (a gateway killed mid-request). */
  pendingTtlSeconds: number;
  /** How long a racing retry waits for the first request's outcome before answering 503. */
  waitMs: number;
}

export const DEFAULT_LOG_RATE_LIMIT: RateLimitSettings = { ratePerSecond: 100, burst: 200 };

// The pending claim must outlive any request (the producer gives up well within a minute), or a
// retry could run the request a second time while the first is still producing.
export const DEFAULT_IDEMPOTENCY: IdempotencySettings = {
  ttlSeconds: 24 * 60 * 60,
  pendingTtlSeconds: 120,
  waitMs: 10_000,
};

export interface GatewayLimits {
  maxBodyBytes: number;
  maxBatchRecords: number;
  /** Requests admitted at once (from arrival to answer, body unread at admission). */
  maxInFlight: number;
  /** Body bytes admitted at once; DEFAULT_MAX_IN_FLIGHT_BYTES when absent. */
  maxInFlightBytes?: number;
  /** Distinct months (warehouse partitions) one dataset request may write; 12 when absent. */
  maxMonthsPerRequest?: number;
}

/** Everything the gateway's routes use, built once by server.ts (or the embedded runner). */
export interface GatewayServices {
  logger: Logger;
  metrics: ServiceMetrics;
  ingestMetrics: IngestMetrics;
  producer: GatewayProducer;
  topics: Topics;
  counters: GatewayCounters;
  datasets: DatasetCache;
  /** A dataset message's Kafka key: one per dataset, several for a hot one. */
  datasetKeys: DatasetPartitionKeys;
  owners: ProjectOwners;
  keys: { publicKeys: PublicKeyCache; status: KeyStatusCache; lastUse: KeyLastUse };
  limits: GatewayLimits;
  quotaDefaults: { datasetRecordsPerMonth: number; logsPerMonth: number };
  rateLimits: { logs: RateLimitSettings };
  idempotency: IdempotencySettings;
  /**
   * Where Idempotency-Key records live: `counters` unless IDEMPOTENCY_REDIS_URL names a Redis of
   * their own, so they can never fill the one quotas need.
   */
  idempotencyStore: Pick<GatewayCounters, 'get' | 'delete' | 'setMany'>;
  /** Requests currently waiting on the broker. */
  inFlight: { count: number };
  checks: Record<string, ReadinessCheck>;
}

export interface IngestMetrics {
  records: Counter<'kind'>;
  /** What admission holds at this moment (requests whose answer is not ready, and their bytes). */
  admitted: { requests: Gauge; bytes: Gauge };
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  return {
    records: new Counter({
      name: 'quarry_ingest_records_total',
      help: 'Records and log events acknowledged by the broker and answered 202',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    admitted: {
      requests: new Gauge({
        name: 'quarry_ingest_admitted_requests',
        help: 'Ingest requests admitted and not yet answered (bounded by MAX_IN_FLIGHT)',
        registers: [registry],
      }),
      bytes: new Gauge({
        name: 'quarry_ingest_admitted_bytes',
        help: 'Body bytes reserved by admitted ingest requests (bounded by MAX_IN_FLIGHT_BYTES)',
        registers: [registry],
      }),
    },
  };
}
