import { ApiError } from '@quarry/contract';
import { authenticateSession, MESSAGES } from '@quarry/control-plane';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ControlEnv } from './openapi.ts';

export const SESSION_COOKIE = 'quarry_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the request carries a console session cookie (and no bearer token decides instead). */
export const sessionCookie = (c: Context<ControlEnv>): string | undefined => getCookie(c, SESSION_COOKIE);

/**
 * The console's path into the API: the session cookie stands for the user, and a state-changing
 * request must come from our own origin (or the configured public URL), so another site cannot
 * make the browser act with the cookie (CSRF). SameSite=Lax is the second layer.
 */
export async function sessionActor(c: Context<ControlEnv>): Promise<{ userId: number; sessionId: number }> {
  requireSameOrigin(c);
  const services = c.get('services');
  return authenticateSession(services.db, sessionCookie(c), services.sessions);
}

/** 403 unless a state-changing request's Origin is this server's own or the configured public URL. */
export function requireSameOrigin(c: Context<ControlEnv>): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header('origin');
  const allowed = [new URL(c.req.url).origin, ...c.get('services').sessions.publicOrigins];
  if (!origin || !allowed.includes(origin)) throw new ApiError(403, MESSAGES.crossOrigin);
}

/** Cookies are Secure when the console is reached over HTTPS: directly, or per the public URL. */
export function cookieIsSecure(c: Context<ControlEnv>): boolean {
  const origins = [new URL(c.req.url).origin, ...c.get('services').sessions.publicOrigins];
  return origins.some((origin) => origin.startsWith('https:'));
}
