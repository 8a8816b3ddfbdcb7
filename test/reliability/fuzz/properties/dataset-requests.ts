import fc from 'fast-check';
import { bearer, type HeaderMap } from '../arbitraries/headers.ts';
import type { FuzzRequest } from '../http.ts';
import type { FuzzDataset, FuzzTenant } from '../tenant.ts';

export type Shape = 'single' | 'batch';

export interface Route {
  path: string;
  /** X-Loguro-Dataset-Id, for the path-less (legacy) endpoints. */
  datasetHeader?: string;
}

/**
 * Every way contract §2 reaches `dataset` with a `shape` body: the id in the path, the legacy path
 * with X-Loguro-Dataset-Id, and (for the default dataset) the legacy path alone.
 */
export function routeTo(tenant: FuzzTenant, dataset: FuzzDataset, shape: Shape): fc.Arbitrary<Route> {
  const suffix = shape === 'batch' ? '/batch' : '';
  const routes: Route[] = [
    { path: `/datasets/${dataset.id}${suffix}` },
    { path: `/datasets${suffix}`, datasetHeader: String(dataset.id) },
  ];
  if (dataset.id === tenant.byDefault.id) routes.push({ path: `/datasets${suffix}` });
  return fc.constantFrom(...routes);
}

/** A dataset of the tenant with a registered schema, a body shape and a route to it. */
export function target(tenant: FuzzTenant) {
  return fc
    .tuple(fc.constantFrom(tenant.orders, tenant.byDefault), fc.constantFrom<Shape>('single', 'batch'))
    .chain(([dataset, shape]) => routeTo(tenant, dataset, shape).map((route) => ({ dataset, shape, route })));
}

/** A well-formed request to `route` with the tenant's key, as the contract's examples send it. */
export function ingestRequest(
  route: Route,
  authorization: string | undefined,
  body: string,
  extra: HeaderMap = {},
): FuzzRequest {
  const headers: HeaderMap = { 'content-type': 'application/json', ...extra };
  if (authorization !== undefined) headers.authorization = authorization;
  if (route.datasetHeader !== undefined) headers['x-loguro-dataset-id'] = route.datasetHeader;
  return { method: 'POST', path: route.path, headers, body };
}

/** The tenant's key in one of its accepted spellings. */
export const keyOf = (tenant: FuzzTenant) => bearer(tenant.apiKey);

/** The body for a shape: the first record alone, or the whole array. */
export function bodyFor(shape: Shape, records: unknown[]): string {
  return JSON.stringify(shape === 'single' ? records[0] : records);
}

/** The 202 body contract §2 shows for a shape. */
export function acceptedBody(shape: Shape, count: number): Record<string, unknown> {
  return shape === 'single'
    ? { success: true, status: 'queued' }
    : { success: true, count, status: 'queued' };
}
