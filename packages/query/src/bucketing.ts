import type { DatasetSchema } from '@quarry/schema';
import { BUCKETS, type BucketName, parseWidth, widthBucket } from './buckets.ts';
import { LIMITS } from './limits.ts';
import { MESSAGES, QueryError, shown } from './messages.ts';
import type { BucketGroup } from './model.ts';
import type { Group, OutputColumn, RangeParams } from './projection.ts';
import { checkAlias, fieldType, TIMESTAMP } from './scope.ts';
import { column, isoTimestampSql, type Params, quoteIdentifier } from './sql.ts';

interface BucketContext {
  params: Params;
  range: RangeParams;
  /** Where the bucket is in the body (`groupBy.1`), for messages. */
  path: string;
}

/** A time bucket of groupBy: named or a width, in UTC or a zone, optionally filled over the range. */
export function groupByBucket(schema: DatasetSchema, item: BucketGroup, context: BucketContext): Group {
  const field = item.field ?? TIMESTAMP;
  if (fieldType(schema, field) !== 'timestamp') throw new QueryError(MESSAGES.bucketFieldType(field));
  checkAlias(schema, item.as);
  const { params, range, path } = context;
  const named = Object.hasOwn(BUCKETS, item.bucket);
  const spec = named ? BUCKETS[item.bucket as BucketName] : widthSpec(item.bucket, params);
  if (item.timeZone !== undefined && !spec.zoned) throw new QueryError(MESSAGES.bucketNotZoned(item.bucket));
  // Named buckets without fill keep v1's unbounded behaviour; max_rows_to_group_by still applies.
  if ((!named || item.fill) && range.spanMs / spec.minMs + 1 > LIMITS.maxBuckets)
    throw new QueryError(MESSAGES.tooManyBuckets(path, LIMITS.maxBuckets));
  const zone = item.timeZone === undefined ? "'UTC'" : params.bind(item.timeZone, 'String');
  const key = spec.key(column(field), zone);
  const bucket: OutputColumn = {
    name: item.as,
    kind: 'bucket',
    type: 'timestamp',
    select: isoTimestampSql(key),
    sortKey: quoteIdentifier(item.as),
  };
  if (!item.fill) return { key, sortKey: bucket.sortKey, bucket };
  if (field !== TIMESTAMP) throw new QueryError(MESSAGES.fillNeedsTimestamp(field));
  // In the zone's own DateTime64, so a month or day step follows that zone's calendar.
  const inZone = (expression: string) => `toDateTime64(${expression}, 3, ${zone})`;
  const fill = {
    alias: item.as,
    key: inZone(key),
    from: inZone(spec.key(range.bound().from, zone)),
    step: spec.step,
  };
  return { key, sortKey: bucket.sortKey, bucket, fill };
}

function widthSpec(text: string, params: Params) {
  const width = parseWidth(text);
  if (!width) throw new QueryError(MESSAGES.unknownBucket(shown(text)));
  return widthBucket(width, params.bind(width.amount, 'UInt32'));
}
