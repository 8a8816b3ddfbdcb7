import {
  Counter,
  type Logger,
  type ReadinessCheck,
  type Registry,
  type ServiceMetrics,
} from '@quarry/observability';
import type { Topics } from '@quarry/pipeline';
import type { DatasetCache } from './datasets/dataset-cache.ts';
import type { KeyStatusCache } from './keys/key-status.ts';
import type { PublicKeyCache } from './keys/public-keys.ts';

/** The counters operations the gateway uses (Redis in production, in-memory embedded). */
export interface GatewayCounters {
  reserveQuota(options: {
    limitKey: string;
    totalKey: string;
    deltaKey: string;
    amount: number;
    defaultLimit: number;
  }): Promise<{ ok: true; used: number } | { ok: false; limit: number; used: number }>;
  releaseQuota(options: { totalKey: string; deltaKey: string; amount: number }): Promise<unknown>;
}

export interface GatewayProducer {
  send(topic: string, messages: { key: string; value: string }[]): Promise<unknown>;
}

export interface GatewayLimits {
  maxBodyBytes: number;
  maxBatchRecords: number;
  maxInFlight: number;
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
  keys: { publicKeys: PublicKeyCache; status: KeyStatusCache };
  limits: GatewayLimits;
  quotaDefaults: { datasetRecordsPerMonth: number; logsPerMonth: number };
  /** Requests currently waiting on the broker. */
  inFlight: { count: number };
  checks: Record<string, ReadinessCheck>;
}

export interface IngestMetrics {
  records: Counter<'kind'>;
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  return {
    records: new Counter({
      name: 'quarry_ingest_records_total',
      help: 'Records and log events acknowledged by the broker and answered 202',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}
