import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';

export const projectQuery = (project: string) =>
  queryOptions({
    queryKey: ['project', project],
    queryFn: () => call(api.GET('/api/projects/{project}', { params: { path: { project } } })),
  });

export const keysQuery = (project: string) =>
  queryOptions({
    queryKey: ['keys', project],
    queryFn: () => call(api.GET('/api/projects/{project}/keys', { params: { path: { project } } })),
  });

export const tokensQuery = queryOptions({
  queryKey: ['tokens'],
  queryFn: () => call(api.GET('/api/dashboard/tokens')),
});

export const membersQuery = (project: string) =>
  queryOptions({
    queryKey: ['members', project],
    queryFn: () => call(api.GET('/api/projects/{project}/members', { params: { path: { project } } })),
  });

export const deliveriesQuery = (project: string) =>
  queryOptions({
    queryKey: ['deliveries', project],
    queryFn: () =>
      call(api.GET('/api/projects/{project}/destination/deliveries', { params: { path: { project } } })),
    refetchInterval: 5_000,
  });

export const profileQuery = queryOptions({
  queryKey: ['me'],
  queryFn: () => call(api.GET('/api/dashboard/me')),
});
