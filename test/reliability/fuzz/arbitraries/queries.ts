import { BUCKET_NAMES } from '@quarry/query';
import type { FieldType } from '@quarry/schema';
import fc from 'fast-check';
import type { Fields } from '../tenant.ts';
import { comparison, conditionTree, havingTree } from './conditions.ts';
import { validTimestamp } from './timestamps.ts';

export type QueryDoc = Record<string, unknown>;
type Named = [string, FieldType];
interface Aggregate {
  item: Record<string, unknown>;
  numeric: boolean;
}

const direction = fc.constantFrom('asc', 'desc');

/** The whole column range, so seeded rows are found; or any ordered pair of instants. */
const range = fc.oneof(
  fc.constant({ from: '1900-01-01', to: '2299-12-31T23:59:59.999Z' }),
  fc
    .tuple(validTimestamp, validTimestamp)
    .map(([a, b]) => (a.ms <= b.ms ? { from: a.text, to: b.text } : { from: b.text, to: a.text })),
);

/**
 * A query document valid for `fields` by docs/query-language.md: a row listing, a distinct listing
 * or an aggregation, with where, buckets, having, orderBy and paging drawn from what the types allow.
 */
export function validQuery(fields: Fields): fc.Arbitrary<QueryDoc> {
  const named: Named[] = [['timestamp', 'timestamp'], ...Object.entries(fields)];
  const names = named.map(([name]) => name);
  const alias = fc
    .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/)
    .filter((a) => !a.startsWith('__') && !names.includes(a) && a !== 'context');
  const shape = fc.oneof(rowListing(names), aggregation(named, alias));
  return fc
    .record({
      range,
      where: fc.option(conditionTree(comparison(named)), { nil: undefined }),
      limit: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
      offset: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
      shape,
    })
    .map(({ shape: parts, ...rest }) =>
      Object.fromEntries(Object.entries({ ...rest, ...parts }).filter(([, value]) => value !== undefined)),
    );
}

/** Plain fields, no aggregates; with `distinct` they are also the groupBy. */
function rowListing(names: string[]) {
  return fc
    .tuple(fc.subarray(names, { minLength: 1, maxLength: Math.min(5, names.length) }), fc.boolean())
    .chain(([selected, distinct]) =>
      orderBy(selected).map((order) => ({
        select: selected.map((field) => ({ field })),
        ...(distinct ? { groupBy: selected } : {}),
        ...order,
      })),
    );
}

function aggregation(named: Named[], alias: fc.Arbitrary<string>) {
  const names = named.map(([name]) => name);
  const timestamps = named.filter(([, type]) => type === 'timestamp').map(([name]) => name);
  return fc
    .record({
      groups: fc.subarray(names, { maxLength: Math.min(3, names.length) }),
      buckets: fc.array(
        fc.record({
          bucket: fc.constantFrom(...BUCKET_NAMES),
          field: fc.option(fc.constantFrom(...timestamps), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
      aggregates: fc.array(aggregate(named), { minLength: 1, maxLength: 4 }),
    })
    .chain(({ groups, buckets, aggregates }) =>
      fc
        .tuple(
          fc.uniqueArray(alias, {
            minLength: buckets.length + aggregates.length,
            maxLength: buckets.length + aggregates.length,
          }),
          fc.subarray(groups),
        )
        .chain(([aliases, plain]) => {
          const bucketItems = buckets.map((b, i) => ({ ...withoutUndefined(b), as: aliases[i] ?? '' }));
          const aggregateItems = aggregates.map((a, i) => ({
            ...a.item,
            as: aliases[buckets.length + i] ?? '',
          }));
          const numeric = aggregateItems.filter((_, i) => aggregates[i]?.numeric).map((a) => a.as);
          const outputs = [
            ...bucketItems.map((b) => b.as),
            ...plain,
            ...aggregateItems.map((a) => a.as),
            ...groups,
          ];
          return fc
            .tuple(
              orderBy([...new Set(outputs)]),
              numeric.length > 0
                ? fc.option(havingTree(numeric), { nil: undefined })
                : fc.constant(undefined),
            )
            .map(([order, having]) => ({
              select: [...plain.map((field) => ({ field })), ...aggregateItems],
              groupBy: [...groups, ...bucketItems],
              ...(having === undefined ? {} : { having }),
              ...order,
            }));
        }),
    );
}

/** An aggregate with a field of a type it accepts (docs/query-language.md's table). */
function aggregate(named: Named[]): fc.Arbitrary<Aggregate> {
  const ofType = (...types: FieldType[]) =>
    named.filter(([, type]) => types.includes(type)).map(([name]) => name);
  const numbers = ofType('number');
  const ordered = named.filter(([, type]) => type === 'number' || type === 'timestamp');
  const choices: fc.Arbitrary<Aggregate>[] = [
    fc.option(fc.constantFrom(...named.map(([name]) => name)), { nil: undefined }).map((field) => ({
      item: field === undefined ? { aggregate: 'count' } : { aggregate: 'count', field },
      numeric: true,
    })),
    fc
      .constantFrom(...named.map(([name]) => name))
      .map((field) => ({ item: { aggregate: 'uniq', field }, numeric: true })),
    fc.tuple(fc.constantFrom('min', 'max'), fc.constantFrom(...ordered)).map(([fn, [field, type]]) => ({
      item: { aggregate: fn, field },
      numeric: type === 'number',
    })),
  ];
  if (numbers.length > 0) {
    choices.push(
      fc
        .tuple(fc.constantFrom('sum', 'avg', 'p50', 'p90', 'p95', 'p99'), fc.constantFrom(...numbers))
        .map(([fn, field]) => ({
          item: { aggregate: fn, field },
          numeric: true,
        })),
      fc.tuple(fc.constantFrom(...numbers), fc.double({ min: 0, max: 1, noNaN: true })).map(([field, p]) => ({
        item: { aggregate: 'percentile', field, args: { p } },
        numeric: true,
      })),
    );
  }
  return fc.oneof(...choices);
}

function orderBy(names: string[]) {
  return fc
    .subarray(names, { maxLength: Math.min(3, names.length) })
    .chain((picked) => fc.tuple(...picked.map((field) => direction.map((d) => ({ field, direction: d })))))
    .map((items) => (items.length > 0 ? { orderBy: items } : {}));
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
