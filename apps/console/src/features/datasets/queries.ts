import type { ControlPaths as paths } from '@quarry/openapi-client';
import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { QueryDocument } from '../explore/model';

export const datasetsQuery = (project: string) =>
  queryOptions({
    queryKey: ['datasets', project],
    queryFn: () => call(api.GET('/api/datasets/{project}', { params: { path: { project } } })),
  });

export const datasetQuery = (project: string, id: number) =>
  queryOptions({
    queryKey: ['dataset', project, id],
    queryFn: () => call(api.GET('/api/datasets/{project}/{id}', { params: { path: { project, id } } })),
  });

export const statsQuery = (project: string, id: number) =>
  queryOptions({
    queryKey: ['stats', project, id],
    queryFn: () => call(api.GET('/api/datasets/{project}/{id}/stats', { params: { path: { project, id } } })),
    refetchInterval: 5_000,
  });

// Every year the column type can hold: "the latest records" whatever their timestamps.
const ALL_TIME = { from: '1900-01-01T00:00:00Z', to: '2299-12-31T23:59:59.999Z' };

/** The newest records of a dataset, every declared field plus the timestamp. */
export const latestRowsQuery = (project: string, id: number, fields: string[]) =>
  queryOptions({
    queryKey: ['latest', project, id, fields],
    queryFn: () =>
      runQuery(project, id, {
        range: ALL_TIME,
        select: [{ field: 'timestamp' }, ...fields.map((field) => ({ field }))],
        orderBy: [{ field: 'timestamp', direction: 'desc' }],
        limit: 50,
      }),
    refetchInterval: 5_000,
  });

type QueryBody = NonNullable<
  paths['/api/datasets/{project}/{id}/query']['post']['requestBody']
>['content']['application/json'];

/** Runs a query document; its rows are keyed by output name (docs/query-language.md). */
export function runQuery(project: string, id: number, document: QueryDocument) {
  return call(
    api.POST('/api/datasets/{project}/{id}/query', {
      params: { path: { project, id } },
      // The builder's document is checked by the API (a 400 names the offending part).
      body: document as unknown as QueryBody,
    }),
  );
}
