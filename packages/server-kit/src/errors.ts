import { ApiError, errorBody } from '@quarry/contract';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { BaseVariables } from './context.ts';
import { LogThrottle } from './log-throttle.ts';

type BaseContext = Context<{ Variables: BaseVariables }>;

const BEARER = 'Bearer realm="quarry"';

/**
 * Renders an ApiError (or a hono HTTPException) in the one envelope; anything else is a bare 500.
 * A 5xx ApiError (a dependency down) is logged once per message every `outageLogIntervalMs`, with
 * the count held back since; unexpected errors are logged every time.
 */
export function createErrorHandler(outageLogIntervalMs = 10_000): ErrorHandler<{ Variables: BaseVariables }> {
  const throttle = new LogThrottle(outageLogIntervalMs);
  return (error, c) => {
    // The client hung up (e.g. mid-body): nobody reads this answer, and it is no server fault.
    if (c.req.raw.signal.aborted) return clientClosed(c);
    if (error instanceof ApiError) {
      if (error.status >= 500) {
        const { log, held } = throttle.admit(error.message);
        if (log) c.get('log')?.error({ err: error.cause ?? error, heldBack: held }, error.message);
      }
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      // RFC 9110 §11.6.1: a 401 names the scheme that would succeed.
      if (error.status === 401 && !('WWW-Authenticate' in error.headers))
        c.header('WWW-Authenticate', BEARER);
      return c.json(error.toBody(), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const status = error.status as ContentfulStatusCode;
      return c.json(errorBody(status, error.message || 'Request refused'), status);
    }
    return internalError(c, error);
  };
}

/** nginx's 499 "client closed request": counted apart from the 5xx in metrics, logged at info. */
export const CLIENT_CLOSED_STATUS = 499;

function clientClosed(c: BaseContext) {
  c.get('log')?.info('client closed the request before it was answered');
  return c.body(null, CLIENT_CLOSED_STATUS as ContentfulStatusCode);
}

/** Never echoes the error's text: internals stay in the log, the client gets the request id. */
export function internalError(c: BaseContext, error: unknown) {
  const requestId = c.get('requestId') ?? 'unknown';
  c.get('log')?.error({ err: error }, 'unhandled error');
  return c.json(errorBody(500, 'Internal error; quote the request id when reporting it', { requestId }), 500);
}

export const handleNotFound: NotFoundHandler = (c) =>
  c.json(errorBody(404, `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
