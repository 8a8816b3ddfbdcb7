import { MESSAGES, QueryError } from './messages.ts';
import type { Query } from './model.ts';
import type { Fill, Projection } from './projection.ts';
import { isoTimestampSql, quoteIdentifier } from './sql.ts';

/** Hidden name of the filled bucket's raw time inside the subqueries; `__` is never a user's name. */
const FILLED = '`__fill`';

interface FilledParts {
  query: Query;
  projection: Projection;
  /** FROM, WHERE, GROUP BY and HAVING of the grouped query. */
  grouped: string[];
  /** The range's end parameter. */
  to: string;
  page: () => string;
}

/**
 * Empty buckets as rows of zeros: WITH FILL on the raw bucket time, within each combination of the
 * other group keys. Three levels, because a column computed in the same SELECT as WITH FILL (the ISO
 * text of the bucket) is left empty in filled rows: it is formatted only after the fill.
 */
export function renderFilled({ query, projection, grouped, to, page }: FilledParts): string[] {
  const fill = onlyFill(query, projection);
  const inner = projection.columns.map((c) =>
    c.name === fill.alias ? `  ${fill.key} AS ${FILLED}` : `  ${c.select} AS ${quoteIdentifier(c.name)}`,
  );
  const prefix = projection.groups.flatMap((group) => {
    if (group.fill) return [];
    const name = group.bucket?.name ?? group.field ?? '';
    return [`${quoteIdentifier(name)} ASC`];
  });
  const outer = projection.columns.map((c) =>
    c.name === fill.alias
      ? `  ${isoTimestampSql(FILLED)} AS ${quoteIdentifier(c.name)}`
      : `  ${quoteIdentifier(c.name)} AS ${quoteIdentifier(c.name)}`,
  );
  // TO is exclusive: one millisecond past the range's inclusive end keeps the bucket holding it.
  const withFill = `${FILLED} ASC WITH FILL FROM ${fill.from} TO ${to} + toIntervalMillisecond(1) STEP ${fill.step}`;
  return [
    `SELECT\n${outer.join(',\n')}`,
    'FROM (',
    'SELECT * FROM (',
    `SELECT\n${inner.join(',\n')}`,
    ...grouped.filter(Boolean),
    ')',
    `ORDER BY ${[...prefix, withFill].join(', ')}`,
    page(),
    ')',
  ];
}

/** The one filled bucket, with the rules that keep its rows meaningful. */
function onlyFill(query: Query, projection: Projection): Fill {
  const fills = projection.groups.flatMap((group) => (group.fill ? [group.fill] : []));
  const [fill] = fills;
  if (!fill || fills.length > 1) throw new QueryError(MESSAGES.fillOnce);
  if (query.orderBy.length > 0) throw new QueryError(MESSAGES.fillWithOrderBy);
  if (query.having) throw new QueryError(MESSAGES.fillWithHaving);
  const selected = new Set(projection.columns.map((c) => c.name));
  const missing = projection.groups.find((group) => group.field !== undefined && !selected.has(group.field));
  if (missing?.field) throw new QueryError(MESSAGES.fillNeedsSelected(missing.field));
  return fill;
}
