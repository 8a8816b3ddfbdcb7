/**
 * The catalog's server could not be reached, or dropped the connection mid-statement: retrying later
 * can succeed, and nothing about the request was wrong. Services answer it with 503 and Retry-After.
 */
export class CatalogUnavailableError extends Error {
  override name = 'CatalogUnavailableError';

  constructor(cause: unknown) {
    super(`catalog unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

// SQLSTATEs where the server, not the statement, is the problem: connection exceptions (08…), a
// server shutting down, crashed or still starting (57P01-57P03), and too many connections (53300).
const SERVER_STATES = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg reports a connection lost mid-query or a pool that cannot connect with plain Errors, no code.
const TRANSPORT_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/** The error as a CatalogUnavailableError when it is a server or transport failure; unchanged otherwise. */
export function asCatalogUnavailable(error: unknown): unknown {
  if (error instanceof CatalogUnavailableError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SERVER_STATES.test(code) || TRANSPORT_CODES.has(code)))
    return new CatalogUnavailableError(error);
  if (code === undefined && TRANSPORT_MESSAGES.test(error.message)) return new CatalogUnavailableError(error);
  return error;
}
