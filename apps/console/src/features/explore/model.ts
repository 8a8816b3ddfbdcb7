/** The query language as the builder writes it (docs/query-language.md); the API validates it. */
export interface Comparison {
  field: string;
  op: string;
  value: unknown;
}

export interface QueryDocument {
  range: { from: string; to: string };
  select: Array<{ field: string } | { aggregate: string; field?: string; as: string }>;
  where?: { and: Comparison[] };
  groupBy?: Array<string | { bucket: string; as: string }>;
  having?: { and: Comparison[] };
  orderBy?: Array<{ field: string; direction: 'asc' | 'desc' }>;
  limit?: number;
}

export type Bucket = 'none' | 'minute' | 'hour' | 'day' | 'week' | 'month';

export interface Aggregate {
  aggregate: string;
  field: string;
  as: string;
}

/** What the explore page keeps in its URL: a link reproduces the view. */
export interface ExploreState {
  /** A relative preset (`15m`, `1h`, `24h`, `7d`, `30d`) or `custom` with from/to. */
  range: string;
  from?: string;
  to?: string;
  aggregates: Aggregate[];
  groupBy: string[];
  bucket: Bucket;
  filters: Comparison[];
  having: Comparison[];
  order?: { field: string; direction: 'asc' | 'desc' };
  limit: number;
}

export const DEFAULT_STATE: ExploreState = {
  range: '24h',
  aggregates: [{ aggregate: 'count', field: '', as: 'count' }],
  groupBy: [],
  bucket: 'hour',
  filters: [],
  having: [],
  limit: 1000,
};
