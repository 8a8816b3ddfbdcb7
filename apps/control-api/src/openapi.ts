import { OpenAPIHono } from '@hono/zod-openapi';
import { ApiError } from '@quarry/contract';
import type { Actor } from '@quarry/control-plane';
import type { BaseVariables } from '@quarry/server-kit';
import type { ControlServices } from './services.ts';

export interface ControlVariables extends BaseVariables {
  services: ControlServices;
  actor: Actor;
}

export type ControlEnv = { Variables: ControlVariables };
export type ControlRouter = OpenAPIHono<ControlEnv>;

/**
 * A router whose zod schemas validate requests and describe them in /openapi.json. A validation
 * failure becomes a 400 in the one envelope, naming the first offending field.
 */
export function createRouter(): OpenAPIHono<ControlEnv> {
  return new OpenAPIHono<ControlEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const path = issue?.path.join('.') ?? '';
      throw new ApiError(400, path ? `${path}: ${issue?.message}` : (issue?.message ?? 'Invalid request'));
    },
  });
}
