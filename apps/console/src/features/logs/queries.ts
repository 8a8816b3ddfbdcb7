import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ApiFailure, api, call, type Schemas } from '../../api/client';
import type { LogFilters } from './view';

export type LogEvent = Schemas['LogEvent'];
type Range = { from: string; to: string };

/** Rows a reader can scroll through before the page asks to narrow the range. */
export const MAX_LIST_ROWS = 10_000;
const PAGE = 500;

/**
 * A page asks up to three queries at once, and a quick change of filters asks again before the last
 * answers: a project's query allowance (429, Retry-After: 1) is a reason to wait, not an error.
 */
const whenBusy = {
  retry: (count: number, error: Error) =>
    error instanceof ApiFailure && error.status === 429 ? count < 8 : false,
  retryDelay: 1_000,
};

export const volumeQuery = (project: string, filters: LogFilters, range: Range) =>
  queryOptions({
    queryKey: ['logs', 'volume', project, filters, range],
    queryFn: ({ signal }) =>
      call(
        api.POST('/api/logs/{project}/volume', {
          params: { path: { project } },
          body: { ...filters, range },
          signal,
        }),
      ),
    ...whenBusy,
  });

export const facetsQuery = (project: string, filters: LogFilters, range: Range) =>
  queryOptions({
    queryKey: ['logs', 'facets', project, filters, range],
    queryFn: ({ signal }) =>
      call(
        api.POST('/api/logs/{project}/facets', {
          params: { path: { project } },
          body: { ...filters, range, fields: ['env', 'source'] },
          signal,
        }),
      ),
    ...whenBusy,
  });

export const eventsQuery = (project: string, filters: LogFilters, range: Range) =>
  infiniteQueryOptions({
    queryKey: ['logs', 'events', project, filters, range],
    queryFn: ({ pageParam, signal }) =>
      call(
        api.POST('/api/logs/{project}/search', {
          params: { path: { project } },
          body: { ...filters, range, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        }),
      ),
    ...whenBusy,
    initialPageParam: '',
    getNextPageParam: (last, pages) =>
      'nextCursor' in last && pages.length * PAGE < MAX_LIST_ROWS ? last.nextCursor : undefined,
  });

export const contextQuery = (project: string, id: string) =>
  queryOptions({
    queryKey: ['logs', 'context', project, id],
    queryFn: () =>
      call(api.GET('/api/logs/{project}/context', { params: { path: { project }, query: { id } } })),
    ...whenBusy,
  });

/** A GET URL of the API with the filters as its `q` parameter (the tail and the download). */
export function logsUrl(project: string, path: 'tail' | 'export', query: Record<string, string>): string {
  const params = new URLSearchParams(query);
  return `/api/logs/${encodeURIComponent(project)}/${path}?${params}`;
}
