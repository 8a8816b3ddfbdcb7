import { randomBytes } from 'node:crypto';
import type { LoadTarget } from './http-load.ts';
import { benchRecord } from './ingest-setup.ts';

/** What `npm run bench -- ingest --variant …` can measure; `all` runs each in this order. */
export const VARIANTS = ['batch', 'single', 'ingest', 'idempotent'] as const;
export type Variant = (typeof VARIANTS)[number];

export const RECORDS_PER_BATCH = 100;

export interface VariantTarget {
  /** Prefix of this variant's figures in the final JSON line ('' for the batch headline figures). */
  prefix: string;
  describe: string;
  target: (origin: string) => LoadTarget;
}

interface BenchIds {
  datasetId: number;
  apiKey: string;
}

const BODIES = 8;

/** The load of one variant: endpoint, bodies, headers (an Idempotency-Key unique per request). */
export function variantTarget(variant: Variant, ids: BenchIds): VariantTarget {
  const headers = { authorization: `Bearer ${ids.apiKey}`, 'content-type': 'application/json' };
  const json = (make: (b: number) => unknown) =>
    Array.from({ length: BODIES }, (_, b) => Buffer.from(JSON.stringify(make(b))));
  switch (variant) {
    case 'batch':
    case 'idempotent': {
      const idempotent = variant === 'idempotent';
      const bodies = json((b) =>
        Array.from({ length: RECORDS_PER_BATCH }, (_, i) => benchRecord(b * RECORDS_PER_BATCH + i)),
      );
      // What the SDKs send: a fresh key per request, so every request claims and stores its answer.
      const run = randomBytes(6).toString('hex');
      const keyed = (index: number) => ({ ...headers, 'idempotency-key': `bench-${run}-${index}` });
      return {
        prefix: idempotent ? 'idempotent_' : '',
        describe: `POST /datasets/:id/batch, ${RECORDS_PER_BATCH} records${idempotent ? ', Idempotency-Key' : ''}`,
        target: (origin) => ({
          origin,
          path: `/datasets/${ids.datasetId}/batch`,
          headers,
          ...(idempotent ? { headersAt: keyed } : {}),
          bodies,
          recordsPerRequest: RECORDS_PER_BATCH,
        }),
      };
    }
    case 'single':
      return {
        prefix: 'single_',
        describe: 'POST /datasets/:id, one record',
        target: (origin) => ({
          origin,
          path: `/datasets/${ids.datasetId}`,
          headers,
          bodies: json((b) => benchRecord(b)),
          recordsPerRequest: 1,
        }),
      };
    case 'ingest':
      return {
        prefix: 'ingest_',
        describe: 'POST /v1/ingest, one log event',
        target: (origin) => ({
          origin,
          path: '/v1/ingest',
          headers,
          bodies: json(benchLogEvent),
          recordsPerRequest: 1,
        }),
      };
  }
}

/** A log event of about the size of one bench record. */
export function benchLogEvent(i: number): Record<string, unknown> {
  return {
    message: `order ${i} paid`,
    level: ['debug', 'info', 'warn', 'error'][i % 4],
    timestamp: new Date(Date.UTC(2026, 5, 10, 10, 0, i % 60)).toISOString(),
    metadata: { source: 'bench', request: i, country: ['RO', 'US', 'DE', 'FR'][i % 4], amount: i * 1.37 },
    env: 'bench',
    source: 'checkout',
  };
}
