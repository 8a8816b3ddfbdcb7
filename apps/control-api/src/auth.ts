import { authenticatePat, requireScope } from '@quarry/control-plane';
import type { MiddlewareHandler } from 'hono';
import type { ControlEnv } from './openapi.ts';
import { routeScope } from './scopes.ts';

/** Routes that are reachable without a personal access token. */
const PUBLIC_PATHS = new Set(['/api/auth/signup', '/api/auth/login', '/api/auth/options']);

/**
 * Resolves `Authorization: Bearer pat_…` to the actor; every /api route except the public ones
 * needs it, and the PAT must carry the scope the route needs (403 naming it otherwise).
 */
export const requireActor: MiddlewareHandler<ControlEnv> = async (c, next) => {
  if (PUBLIC_PATHS.has(c.req.path)) return next();
  const services = c.get('services');
  const header = c.req.header('authorization');
  // The scheme is case-insensitive (RFC 9110 §11.1): `bearer pat_…` is as good as `Bearer pat_…`.
  const token = /^bearer +(.+)$/i.exec(header ?? '')?.[1]?.trim();
  const { userId, scopes } = await authenticatePat(services.db, token, services.lastUse);
  const actor = { userId, scopes };
  requireScope(actor, routeScope(c.req.method, c.req.path));
  c.set('actor', actor);
  return next();
};
