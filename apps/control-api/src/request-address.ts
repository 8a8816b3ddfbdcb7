import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { ControlEnv } from './openapi.ts';

/** The socket address: a forwarded-for header is client-controlled unless a trusted proxy sets it. */
export function clientAddress(c: Context<ControlEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
