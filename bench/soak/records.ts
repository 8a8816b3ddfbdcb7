import type { DatasetSchema } from '@quarry/schema';
import { BENCH_FIELDS, benchRecord } from '../lib/ingest-setup.ts';

/** The bench's 8 fields plus `batch`: the number of the request that sent the record, for the loss check. */
export const SOAK_SCHEMA: DatasetSchema = { fields: { ...BENCH_FIELDS, batch: 'number' } };

export const PER_REQUEST = 100;
const MARK = 987_654_321;
const TEMPLATES = 8;

/**
 * Request bodies numbered by batch: each is one of eight pre-serialised templates with the batch
 * number spliced in, so every request is unique without serialising 100 records per request.
 */
function numbered(templates: string[]): (batch: number) => Buffer {
  const parts = templates.map((text) => text.split(String(MARK)));
  return (batch) => Buffer.from((parts[batch % parts.length] ?? []).join(String(batch)));
}

/** `POST /datasets/:id/batch` bodies: 100 records of SOAK_SCHEMA, each with `batch`. */
export function datasetBodies(): (batch: number) => Buffer {
  return numbered(
    Array.from({ length: TEMPLATES }, (_, t) =>
      JSON.stringify(
        Array.from({ length: PER_REQUEST }, (_, i) => ({ ...benchRecord(t * PER_REQUEST + i), batch: MARK })),
      ),
    ),
  );
}

const LEVELS = ['debug', 'info', 'info', 'info', 'warn', 'error'];

/**
 * `POST /v1/logs` bodies: 100 events with `metadata.batch`. No timestamp, so the gateway stamps
 * the time of arrival and the logs table's retention TTL never drops what the check counts.
 */
export function logBodies(): (batch: number) => Buffer {
  return numbered(
    Array.from({ length: TEMPLATES }, (_, t) =>
      JSON.stringify({
        events: Array.from({ length: PER_REQUEST }, (_, e) => {
          const i = t * PER_REQUEST + e;
          return {
            message: `GET /api/orders/${i} answered ${i % 7 === 0 ? 500 : 200} in ${(i * 37) % 900} ms`,
            level: LEVELS[i % LEVELS.length],
            metadata: { batch: MARK, route: '/api/orders/:id', region: ['eu', 'us'][i % 2] },
            env: 'production',
            source: `api-${i % 4}`,
          };
        }),
      }),
    ),
  );
}
