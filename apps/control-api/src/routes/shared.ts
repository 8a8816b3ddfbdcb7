import { ApiError, wire } from '@quarry/contract';
import type { VerbContext } from '@quarry/control-plane';
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { ControlEnv, ControlRouter } from '../openapi.ts';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

/**
 * A body the verb validates itself, after the caller's access (an outsider learns nothing from a
 * 400): documented by reference to a component registered from the zod schema the verb parses with.
 */
export const documentedBody = (component: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } },
  required: true,
});

/** The router's own 415 text for validated JSON bodies, given alike by routes whose verb reads the body. */
export const UNSUPPORTED_MEDIA_TYPE = 'Unsupported Media Type';

/** The 415 that validated JSON bodies get from the router, for routes whose verb reads the body. */
export const requireJsonContentType: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type');
  if (type !== undefined && !/^application\/([a-z.-]+\+)?json(;|$)/i.test(type.trim())) {
    throw new ApiError(415, UNSUPPORTED_MEDIA_TYPE);
  }
  await next();
};

// One component, so generated clients share one error type.
const ErrorBody = wire.ErrorResponse.meta({ id: 'Error' });
/** An error answer in the one envelope. */
export const errorJson = (description: string) => json(ErrorBody, description);
const error = errorJson;

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
} as const;

/** Refusals with their headers, for the routes that give them. */
export const withRetryAfter = (description: string) => ({ ...error(description), headers: RETRY_AFTER });

/** What any route can answer: the catalog (PostgreSQL) may be down, and any /api body is bounded. */
export const commonResponses = {
  413: error('Request body too large (at most 1 MiB)'),
  503: withRetryAfter(
    'A dependency is unavailable (the catalog, the query engine…); retry after Retry-After',
  ),
} as const;

/** The refusals of a route that takes a JSON body. */
export const bodyResponses = {
  400: error('Invalid JSON or a body the document does not allow; `message` names the first problem'),
  415: error('Content-Type is not application/json'),
} as const;

/** The error answers every authenticated route can give. */
export const errorResponses = {
  400: error('Invalid request (a path id that is not plain decimal digits, or the body)'),
  401: {
    ...error('Missing, malformed or revoked personal access token'),
    headers: {
      'WWW-Authenticate': { description: 'The scheme to authenticate with', schema: { type: 'string' } },
    },
  },
  403: error('Your role in the project does not allow this'),
  404: error('Unknown, or not yours'),
  ...commonResponses,
} as const;

export const bearer = [{ bearerAuth: [] }];

/** The transport-free verbs get the services and the authenticated actor, nothing HTTP. */
export function verbContext(c: Context<ControlEnv>): VerbContext {
  return { deps: c.get('services'), actor: c.get('actor') };
}

/**
 * Registers a zod schema as components of the document, with zod's own JSON Schema output: it keeps
 * recursive schemas (a query's conditions) as references, which zod-to-openapi's registry cannot.
 */
export function registerComponent(app: ControlRouter, id: string, schema: z.ZodType): void {
  const { $defs = {}, $schema: _, ...root } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  // A schema with its own meta id comes back as a reference to its $defs entry.
  const components = { ...$defs, [id]: $defs[id] ?? root };
  const rewritten = JSON.parse(
    JSON.stringify(components).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as Record<string, object>;
  for (const [name, component] of Object.entries(rewritten)) {
    app.openAPIRegistry.registerComponent('schemas', name, component);
  }
}
