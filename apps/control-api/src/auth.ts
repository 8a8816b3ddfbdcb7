import { authenticatePat, requireScope } from '@quarry/control-plane';
import type { MiddlewareHandler } from 'hono';
import type { ControlEnv } from './openapi.ts';
import { routeScope } from './scopes.ts';
import { sessionActor, sessionCookie } from './session-auth.ts';

/** Routes that are reachable without a personal access token; the session route checks its own cookie. */
const PUBLIC_PATHS = new Set([
  '/api/auth/signup',
  '/api/auth/login',
  '/api/auth/session',
  '/api/auth/options',
]);

/**
 * Resolves `Authorization: Bearer pat_…` to the actor; every /api route except the public ones
 * needs it, and the PAT must carry the scope the route needs (403 naming it otherwise). Without a bearer header, the console's session cookie is accepted instead (session-auth.ts).
 */
export const requireActor: MiddlewareHandler<ControlEnv> = async (c, next) => {
  if (PUBLIC_PATHS.has(c.req.path)) return next();
  const services = c.get('services');
  const header = c.req.header('authorization');
  if (header === undefined && sessionCookie(c) !== undefined) {
    c.set('actor', await sessionActor(c));
    return next();
  }
  // The scheme is case-insensitive (RFC 9110 §11.1): `bearer pat_…` is as good as `Bearer pat_…`.
  const token = /^bearer +(.+)$/i.exec(header ?? '')?.[1]?.trim();
  const { userId, scopes, patId } = await authenticatePat(
    services.db,
    token,
    services.lastUse,
    services.reads?.pats,
  );
  const actor = { userId, scopes, patId };
  requireScope(actor, routeScope(c.req.method, c.req.path));
  c.set('actor', actor);
  return next();
};
