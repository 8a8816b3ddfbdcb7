// Compile-time tests, checked by `pnpm --filter @quarry/sdk-datasets typecheck` (never run). Every
// `@ts-expect-error` must meet an error: if a line stopped being an error, the unused directive
// fails the typecheck; without the directive, the error itself does.
import type { Dataset } from './dataset.ts';
import type { QueryResult } from './query-types.ts';
import { defineSchema, type RecordOf } from './schema.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_proof?: T) => undefined;

const orders = defineSchema({
  country: 'string',
  plan: 'string',
  amount: 'number',
  active: 'boolean',
  signup_at: 'timestamp',
});
type Order = RecordOf<typeof orders>;

expectType<
  Equal<
    Order,
    {
      timestamp: string | Date;
      context: Record<string, unknown>;
      country: string;
      plan: string;
      amount: number;
      active: boolean;
      signup_at: string | Date;
    }
  >
>();

declare const dataset: Dataset<typeof orders>;
const good = {
  timestamp: new Date(),
  context: { source: 'checkout' },
  country: 'RO',
  plan: 'pro',
  amount: 12.5,
  active: true,
  signup_at: '2026-01-02T03:04:05Z',
};
dataset.ingest(good);

// A record with a wrong field type does not compile.
// @ts-expect-error amount is a number field: '12.5' is a string.
dataset.ingest({ ...good, amount: '12.5' });
// @ts-expect-error active is a boolean field.
dataset.send({ ...good, active: 'yes' });
// @ts-expect-error timestamp fields take strings or Dates, not epoch numbers.
dataset.sendBatch([good, { ...good, signup_at: 1_700_000_000 }]);
// @ts-expect-error a declared field is missing.
dataset.ingest({
  timestamp: good.timestamp,
  context: {},
  country: 'RO',
  plan: 'pro',
  amount: 1,
  active: true,
});
dataset.ingest({
  ...good,
  // @ts-expect-error a field the schema does not declare.
  coupon: 'SPRING',
});
// @ts-expect-error context must be an object.
dataset.ingest({ ...good, context: 'checkout' });

// @ts-expect-error timestamp and context are the standard fields: a schema cannot declare them.
defineSchema({ timestamp: 'timestamp' });
// @ts-expect-error only string, number, boolean and timestamp exist.
defineSchema({ amount: 'integer' });

// Query rows are typed from select and groupBy: the contract's example.
async function contractExample() {
  const result = await dataset.query({
    range: { from: '2026-06-10T00:00:00Z', to: new Date('2026-06-10T23:59:59Z') },
    select: [
      { field: 'country' },
      { aggregate: 'count', as: 'events' },
      { aggregate: 'sum', field: 'amount', as: 'revenue' },
    ],
    groupBy: ['country'],
    orderBy: [{ field: 'events', direction: 'desc' }],
    limit: 100,
  });
  expectType<Equal<typeof result, QueryResult<{ country: string; events: string; revenue: number }>>>();
}

async function everyKindOfColumn() {
  const { rows } = await dataset.query({
    range: { from: '2026-06-01', to: '2026-06-30' },
    select: [
      { field: 'active' },
      { aggregate: 'avg', field: 'amount', as: 'mean' },
      { aggregate: 'percentile', field: 'amount', as: 'p25', args: { p: 0.25 } },
      { aggregate: 'max', field: 'amount', as: 'largest' },
      { aggregate: 'min', field: 'signup_at', as: 'first_signup' },
      { aggregate: 'uniq', field: 'country', as: 'countries' },
    ],
    where: {
      and: [
        { field: 'plan', op: 'in', value: ['pro', 'team'] },
        { field: 'amount', op: 'gt', value: 0 },
      ],
    },
    groupBy: ['active', { bucket: 'day', as: 'day' }],
    having: { field: 'countries', op: 'gte', value: 2 },
  });
  expectType<
    Equal<
      (typeof rows)[number],
      {
        day: string;
        active: boolean;
        mean: number | null;
        p25: number | null;
        largest: number;
        first_signup: string;
        countries: string;
      }
    >
  >();
}

async function refusedQueries() {
  const range = { from: '2026-06-01', to: '2026-06-30' };
  // @ts-expect-error no such field.
  await dataset.query({ range, select: [{ field: 'coupon' }] });
  // @ts-expect-error sum needs a number field.
  await dataset.query({ range, select: [{ aggregate: 'sum', field: 'country', as: 'total' }] });
  // @ts-expect-error an aggregate needs an alias.
  await dataset.query({ range, select: [{ aggregate: 'count' }] });
  await dataset.query({
    range,
    select: [{ field: 'country' }],
    // @ts-expect-error a number field compares with numbers.
    where: { field: 'amount', op: 'eq', value: '1' },
  });
  // @ts-expect-error context cannot be queried in v1.
  await dataset.query({ range, select: [{ field: 'context' }] });
}

export { contractExample, everyKindOfColumn, refusedQueries };
