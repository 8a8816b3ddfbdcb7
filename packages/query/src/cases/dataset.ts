import type { DatasetSchema } from '@quarry/schema';

/** The dataset every case runs against: the contract's example schema. */
export const FIXTURE_SCHEMA = {
  fields: { country: 'string', plan: 'string', amount: 'number', active: 'boolean', signup_at: 'timestamp' },
} as const satisfies DatasetSchema;

export const FIXTURE_DATASET_ID = 13;

/** The server's clock in the cases: relative ranges (`{ "last": "7d" }`) end here. */
export const FIXTURE_NOW = Date.parse('2026-06-15T12:00:00.000Z');

/** Where the cases compile to: the warehouse names each dataset's table after its id. */
export const FIXTURE_TARGET = {
  table: 'ds_13',
  schema: FIXTURE_SCHEMA,
  datasetId: FIXTURE_DATASET_ID,
  now: FIXTURE_NOW,
};

/**
 * Records as ingested (contract §2 shape). June 2026 holds seven of them; one sits a millisecond
 * before June and one at the first instant of July, to prove the range bounds. Record 1–3 are the
 * contract's example (RO: 2 events, 62.5; US: 1 event, 5); record 7 carries hostile text as data.
 */
export const FIXTURE_RECORDS = [
  record('2026-06-10T08:15:30.250Z', 'RO', 'pro', 50, true, '2026-01-05T01:02:03.456Z'),
  record('2026-06-10T08:45:00.000Z', 'RO', 'free', 12.5, false, '2026-02-14T00:00:00.000Z'),
  record('2026-06-10T23:59:59.000Z', 'US', 'pro', 5, true, '2026-03-01T12:00:00.000Z'),
  record('2026-06-11T00:00:00.000Z', 'US', 'free', 0, false, '2026-03-01T12:00:00.000Z'),
  record('2026-06-14T12:00:00.000Z', 'DE', 'pro', 100, true, '2025-12-31T23:59:59.999Z'),
  record('2026-06-15T00:00:00.000Z', 'DE', 'team', 7.25, true, '2026-06-01T00:00:00.000Z'),
  record(
    '2026-06-12T10:00:00.000Z',
    "x'); DROP TABLE t; --",
    'ünï😀\u200b',
    -3.5,
    false,
    '2026-06-12T10:00:00.000Z',
  ),
  record('2026-05-31T23:59:59.999Z', 'FR', 'pro', 999, true, '2026-05-01T00:00:00.000Z'),
  record('2026-07-01T00:00:00.000Z', 'FR', 'pro', 1, true, '2026-05-01T00:00:00.000Z'),
];

function record(
  timestamp: string,
  country: string,
  plan: string,
  amount: number,
  active: boolean,
  signupAt: string,
) {
  return { timestamp, context: { source: 'fixture' }, country, plan, amount, active, signup_at: signupAt };
}

/** All of June 2026, both ends inclusive. */
export const JUNE = { from: '2026-06-01T00:00:00Z', to: '2026-06-30T23:59:59.999Z' } as const;

/** A June query listing country and amount, newest first unless the case orders otherwise. */
export function june(overrides: Record<string, unknown>): Record<string, unknown> {
  return { range: JUNE, select: [{ field: 'country' }, { field: 'amount' }], ...overrides };
}

/** A request body and what `shapeResult` must give back for it on FIXTURE_RECORDS. */
export interface QueryCase {
  name: string;
  body: Record<string, unknown>;
  expected?: {
    rows: Record<string, unknown>[];
    truncated: boolean;
    nextCursor?: string;
    totals?: Record<string, unknown>;
  };
}
