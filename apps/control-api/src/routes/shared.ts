import { wire } from '@quarry/contract';
import type { VerbContext } from '@quarry/control-plane';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ControlEnv } from '../openapi.ts';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

const error = (description: string) => json(wire.ErrorResponse, description);

/** The error answers every authenticated route can give. */
export const errorResponses = {
  400: error('Invalid request'),
  401: error('Missing, malformed or revoked personal access token'),
  403: error('Your role in the project does not allow this'),
  404: error('Unknown, or not yours'),
} as const;

export const bearer = [{ bearerAuth: [] }];

/** The transport-free verbs get the services and the authenticated actor, nothing HTTP. */
export function verbContext(c: Context<ControlEnv>): VerbContext {
  return { deps: c.get('services'), actor: c.get('actor') };
}
