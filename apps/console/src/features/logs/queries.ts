import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import type { LogFilters } from './view';

export type LogEvent = Schemas['LogEvent'];
type Range = { from: string; to: string };

/** Rows a reader can scroll through before the page asks to narrow the range. */
export const MAX_LIST_ROWS = 10_000;
const PAGE = 500;

export const volumeQuery = (project: string, filters: LogFilters, range: Range) =>
  queryOptions({
    queryKey: ['logs', 'volume', project, filters, range],
    queryFn: () =>
      call(
        api.POST('/api/logs/{project}/volume', {
          params: { path: { project } },
          body: { ...filters, range },
        }),
      ),
  });

export const facetsQuery = (project: string, filters: LogFilters, range: Range) =>
  queryOptions({
    queryKey: ['logs', 'facets', project, filters, range],
    queryFn: () =>
      call(
        api.POST('/api/logs/{project}/facets', {
          params: { path: { project } },
          body: { ...filters, range, fields: ['env', 'source'] },
        }),
      ),
  });

export const eventsQuery = (project: string, filters: LogFilters, range: Range) =>
  infiniteQueryOptions({
    queryKey: ['logs', 'events', project, filters, range],
    queryFn: ({ pageParam }) =>
      call(
        api.POST('/api/logs/{project}/search', {
          params: { path: { project } },
          body: { ...filters, range, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last, pages) =>
      'nextCursor' in last && pages.length * PAGE < MAX_LIST_ROWS ? last.nextCursor : undefined,
  });

export const contextQuery = (project: string, id: string) =>
  queryOptions({
    queryKey: ['logs', 'context', project, id],
    queryFn: () =>
      call(api.GET('/api/logs/{project}/context', { params: { path: { project }, query: { id } } })),
  });

/** A GET URL of the API with the filters as its `q` parameter (the tail and the download). */
export function logsUrl(project: string, path: 'tail' | 'export', query: Record<string, string>): string {
  const params = new URLSearchParams(query);
  return `/api/logs/${encodeURIComponent(project)}/${path}?${params}`;
}
