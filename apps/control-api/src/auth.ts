import { authenticatePat } from '@quarry/control-plane';
import type { MiddlewareHandler } from 'hono';
import type { ControlEnv } from './openapi.ts';
import { sessionActor, sessionCookie } from './session-auth.ts';

/** Routes that are reachable without a personal access token; the session route checks its own cookie. */
const PUBLIC_PATHS = new Set([
  '/api/auth/signup',
  '/api/auth/login',
  '/api/auth/session',
  '/api/auth/options',
]);

/**
 * Resolves `Authorization: Bearer pat_…` to the actor; every /api route except signup and login needs
 * it. Without a bearer header, the console's session cookie is accepted instead (session-auth.ts).
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
  const { userId } = await authenticatePat(services.db, token, services.lastUse);
  c.set('actor', { userId });
  return next();
};
