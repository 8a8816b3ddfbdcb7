import { authenticatePat } from '@quarry/control-plane';
import type { MiddlewareHandler } from 'hono';
import type { ControlEnv } from './openapi.ts';

/** Routes that are reachable without a personal access token. */
const PUBLIC_PATHS = new Set(['/api/auth/signup', '/api/auth/login']);

/** Resolves `Authorization: Bearer pat_…` to the actor; every /api route except signup and login needs it. */
export const requireActor: MiddlewareHandler<ControlEnv> = async (c, next) => {
  if (PUBLIC_PATHS.has(c.req.path)) return next();
  const services = c.get('services');
  const header = c.req.header('authorization');
  // The scheme is case-insensitive (RFC 9110 §11.1): `bearer pat_…` is as good as `Bearer pat_…`.
  const token = /^bearer +(.+)$/i.exec(header ?? '')?.[1]?.trim();
  const { userId } = await authenticatePat(services.db, token, services.lastUse);
  c.set('actor', { userId });
  return next();
};
