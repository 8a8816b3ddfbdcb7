import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as CatalogPackage from '@quarry/catalog';
import type * as ControlApiPackage from '@quarry/control-api';
import type * as ControlPlanePackage from '@quarry/control-plane';
import type * as CountersPackage from '@quarry/counters';
import type * as ObservabilityPackage from '@quarry/observability';
import type * as PipelinePackage from '@quarry/pipeline';
import type * as QueryPackage from '@quarry/query';
import type * as WarehousePackage from '@quarry/warehouse';

/**
 * The packages the query bench drives, loaded from `tree`, a checkout with its dependencies
 * installed (e.g. /work/wt/base for the code before a change): the same load on another version of
 * the API, compiler and engine client. Typed as this checkout's; the calls the bench makes are the
 * ones both have.
 */
export async function loadQueryTree(tree: string) {
  const load = (path: string) => import(pathToFileURL(join(tree, path)).href);
  return {
    catalog: (await load('packages/catalog/src/index.ts')) as typeof CatalogPackage,
    controlApi: (await load('apps/control-api/src/index.ts')) as typeof ControlApiPackage,
    controlPlane: (await load('packages/control-plane/src/index.ts')) as typeof ControlPlanePackage,
    counters: (await load('packages/counters/src/index.ts')) as typeof CountersPackage,
    observability: (await load('packages/observability/src/index.ts')) as typeof ObservabilityPackage,
    pipeline: (await load('packages/pipeline/src/index.ts')) as typeof PipelinePackage,
    query: (await load('packages/query/src/index.ts')) as typeof QueryPackage,
    warehouse: (await load('packages/warehouse/src/index.ts')) as typeof WarehousePackage,
  };
}

export type QueryTree = Awaited<ReturnType<typeof loadQueryTree>>;
