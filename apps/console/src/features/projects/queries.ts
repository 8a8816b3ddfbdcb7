import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';

export const projectsQuery = queryOptions({
  queryKey: ['projects'],
  queryFn: () => call(api.GET('/api/projects')),
});

export const usageQuery = (project: string) =>
  queryOptions({
    queryKey: ['usage', project],
    queryFn: () => call(api.GET('/api/projects/{project}/usage', { params: { path: { project } } })),
    refetchInterval: 30_000,
  });
