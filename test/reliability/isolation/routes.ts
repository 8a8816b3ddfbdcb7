import type { Service, Stack } from './stack.ts';

/** `control GET /api/projects/{project}`: service, method and path template, params in braces. */
export type RouteKey = string;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** hono writes `:id`, OpenAPI `{id}`: one spelling so both lists compare. */
const template = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Every route the services answer: the control API's live /openapi.json, plus anything either app
 * registered outside it (health, docs, the gateway's routes), read from the apps' route tables.
 */
export async function liveRoutes(stack: Stack): Promise<RouteKey[]> {
  const doc = await stack.send({ service: 'control', method: 'GET', path: '/openapi.json' });
  const paths = (doc.json as { paths?: Record<string, Record<string, unknown>> } | undefined)?.paths;
  if (!paths) throw new Error(`/openapi.json has no paths: ${doc.status} ${doc.text.slice(0, 200)}`);
  const keys = new Set<RouteKey>();
  for (const [path, operations] of Object.entries(paths)) {
    for (const method of Object.keys(operations)) keys.add(`control ${method.toUpperCase()} ${path}`);
  }
  const tables: [Service, { method: string; path: string }[]][] = [
    ['control', stack.controlApp.routes],
    ['gateway', stack.gatewayApp.routes],
  ];
  for (const [service, routes] of tables) {
    for (const { method, path } of routes) {
      // Middleware is registered as ALL (or on wildcards); it is not a route a client can call.
      if (METHODS.has(method) && !path.includes('*')) keys.add(`${service} ${method} ${template(path)}`);
    }
  }
  return [...keys].sort();
}

/** The route a request lands on; a static segment wins over a parameter, as in the routers. */
export function routeOf(routes: RouteKey[], service: Service, method: string, path: string): RouteKey {
  const bare = path.split('?')[0] ?? path;
  const candidates = routes.filter((key) => {
    const [keyService, keyMethod, keyPath = ''] = key.split(' ');
    if (keyService !== service || keyMethod !== method) return false;
    const pattern = keyPath.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(bare);
  });
  const params = (key: string) => key.split('{').length;
  const [best] = candidates.sort((a, b) => params(a) - params(b));
  return best ?? `${service} ${method} ${bare} (no such route)`;
}
