import { parseSpan } from './durations.ts';
import { MESSAGES, QueryError } from './messages.ts';
import type { Query } from './model.ts';
import type { RangeParams } from './projection.ts';
import { CLICKHOUSE_TYPES, type Params } from './sql.ts';
import { parseTimestamp, toParamTimestamp } from './timestamps.ts';

const EARLIEST = Date.UTC(1900, 0, 1);

/** The range's ends in epoch ms, a relative one ending at `now`, bound as parameters on first use. */
export function resolveRange(range: Query['range'], now: number | undefined, params: Params): RangeParams {
  const [from, to] =
    'last' in range
      ? relative(range.last, now)
      : [absolute(range.from, 'range.from'), absolute(range.to, 'range.to')];
  let bound: { from: string; to: string } | undefined;
  return {
    spanMs: to - from,
    bound: () => {
      bound ??= {
        from: params.bind(toParamTimestamp(from), CLICKHOUSE_TYPES.timestamp),
        to: params.bind(toParamTimestamp(to), CLICKHOUSE_TYPES.timestamp),
      };
      return bound;
    },
  };
}

function absolute(iso: string, path: string): number {
  const epoch = parseTimestamp(iso);
  if (epoch === undefined) throw new QueryError(MESSAGES.invalidTimestamp(path));
  return epoch;
}

function relative(last: string, now: number | undefined): [number, number] {
  // The package has no clock: a caller that accepts relative ranges must pass its own.
  if (now === undefined) throw new TypeError('compile needs target.now to resolve a relative range');
  const span = parseSpan(last);
  if (!span) throw new QueryError(MESSAGES.invalidDuration('range.last', '24h'));
  if (now - span.ms < EARLIEST) throw new QueryError(MESSAGES.rangeBefore1900);
  return [now - span.ms, now];
}
