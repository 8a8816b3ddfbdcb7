import type { Scope } from '@quarry/control-plane';

const READ_POSTS = [/^\/api\/datasets\/[^/]+\/[^/]+\/query$/, /^\/api\/logs\/[^/]+\/(search|volume|facets)$/];
const WRITE_PATHS = [
  /^\/api\/datasets\/[^/]+(\/[^/]+\/schema(\/versions)?)?$/,
  /^\/api\/datasets\/[^/]+\/[^/]+\/quarantine\/(replay|discard)$/,
  /^\/api\/projects\/[^/]+\/keys(\/.*)?$/,
];
// A dataset's settings (retention) change like its schema; deleting it or its records stays admin.
const WRITE_PATCHES = [/^\/api\/datasets\/[^/]+\/[^/]+$/];

/**
 * The scope a PAT needs for a request. Tokens are admin whatever the method (listing shows what
 * exists); other reads, queries and log search are `read`; datasets, schemas and their versions, retention, ingest keys, and
 * quarantine replay and discard are `write`; everything else (members, destinations, ownership, projects, the account) is `admin`,
 * so a route added later needs the broadest scope until it is listed here.
 */
export function routeScope(method: string, path: string): Scope {
  if (/^\/api\/dashboard\/tokens(\/|$)/.test(path)) return 'admin';
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (method === 'POST' && READ_POSTS.some((pattern) => pattern.test(path))) return 'read';
  if (method === 'PATCH' && WRITE_PATCHES.some((pattern) => pattern.test(path))) return 'write';
  if (WRITE_PATHS.some((pattern) => pattern.test(path))) return 'write';
  return 'admin';
}
