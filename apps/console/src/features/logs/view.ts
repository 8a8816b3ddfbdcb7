import type { Schemas } from '../../api/client';

// What the explorer shows, as it travels in the URL (so a link reproduces the view), and the
// search filters the API takes for it. Pure: unit-tested in view.test.ts.

export const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type Level = (typeof LEVELS)[number];

export const PRESETS = { '5m': 5, '15m': 15, '1h': 60, '6h': 360, '24h': 1_440, '7d': 10_080 } as const;
export type Preset = keyof typeof PRESETS;

/** The URL's search parameters for /p/$project/logs; every one optional. */
export interface LogsView {
  range?: Preset;
  /** An absolute range (drag-to-zoom, or typed), ISO 8601; wins over `range`. */
  from?: string;
  to?: string;
  text?: string;
  levels?: string;
  /** Metadata filters as typed: `userId=123`, `user.id!=7`. */
  filter?: string[];
  env?: string;
  source?: string;
}

export type LogFilters = Schemas['LogSearch'];
/**
 * A change to the view, applied to the URL as it is when the navigation runs: two quick clicks
 * (two level boxes) both count, where a copy of the view taken at render time would lose one.
 */
export type ChangeView = (update: (current: LogsView) => LogsView) => void;
type MetadataMatch = { path: string; value: string; not?: boolean };

/** Keeps only what the page understands: a hand-edited link falls back to defaults, never crashes. */
export function parseView(search: Record<string, unknown>): LogsView {
  const text = (key: string) =>
    typeof search[key] === 'string' && search[key] !== '' ? String(search[key]) : undefined;
  const view: LogsView = {};
  const range = text('range');
  if (range && range in PRESETS) view.range = range as Preset;
  for (const key of ['from', 'to', 'text', 'levels', 'env', 'source'] as const) {
    const value = text(key);
    if (value !== undefined) view[key] = value;
  }
  const filter = search.filter;
  const filters = (Array.isArray(filter) ? filter : [filter]).filter(
    (item): item is string => typeof item === 'string' && parseFilter(item) !== null,
  );
  if (filters.length > 0) view.filter = filters.slice(0, 10);
  return view;
}

/** `metadata.userId = 123`, `userId=123` or `user.id != 7` as a metadata match; null when not one. */
export function parseFilter(typed: string): MetadataMatch | null {
  const match = /^\s*(?:metadata\.)?([^\s=!.]+(?:\.[^\s=!.]+)*)\s*(!=|=)\s*(.*?)\s*$/.exec(typed);
  if (!match?.[1] || match[3] === undefined) return null;
  const value = match[3].replace(/^"(.*)"$/, '$1');
  return { path: match[1], value, ...(match[2] === '!=' ? { not: true } : {}) };
}

/** How a filter reads on its chip and in the URL. */
export const filterText = (path: string, value: string, not = false) =>
  `${path}${not ? ' != ' : ' = '}${value}`;

export function selectedLevels(view: LogsView): Level[] {
  const chosen = (view.levels ?? '')
    .split(',')
    .filter((level): level is Level => (LEVELS as readonly string[]).includes(level));
  return chosen.length > 0 ? chosen : [...LEVELS];
}

/** The absolute range a view means at `now`. */
export function rangeOf(view: LogsView, now: Date): { from: string; to: string } {
  if (view.from && view.to) return { from: view.from, to: view.to };
  const minutes = PRESETS[view.range ?? '1h'];
  return { from: new Date(now.getTime() - minutes * 60_000).toISOString(), to: now.toISOString() };
}

/** The search filters for the API, without the range (the live tail has none). */
export function filtersOf(view: LogsView): LogFilters {
  const levels = selectedLevels(view);
  const metadata = (view.filter ?? [])
    .map(parseFilter)
    .filter((item): item is MetadataMatch => item !== null);
  return {
    ...(levels.length < LEVELS.length ? { levels } : {}),
    ...(view.text ? { text: view.text } : {}),
    ...(metadata.length > 0 ? { metadata } : {}),
    ...(view.env ? { env: view.env } : {}),
    ...(view.source ? { source: view.source } : {}),
  };
}

/** Newest first, at most `cap`, no event twice: what the live tail adds on top of the list. */
export function prependNewest<T extends { id: string }>(
  current: T[],
  arrivedOldestFirst: T[],
  cap: number,
): T[] {
  if (arrivedOldestFirst.length === 0) return current;
  const seen = new Set(current.map((event) => event.id));
  const fresh = arrivedOldestFirst.filter((event) => !seen.has(event.id)).reverse();
  return [...fresh, ...current].slice(0, cap);
}

/** Leaf values of an event's metadata, with their dotted paths: what "filter on this value" offers. */
export function leaves(value: unknown, path = ''): Array<{ path: string; value: string }> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => leaves(inner, path ? `${path}.${key}` : key));
  }
  if (path === '' || Array.isArray(value) || value === null) return [];
  return [{ path, value: String(value) }];
}
