import { ApiError } from '@quarry/contract';

/**
 * What a personal access token may do. `read`: queries, log search and every read. `write`: ingest
 * keys, datasets and schemas. `admin`: members, destinations, ownership, tokens and the account.
 */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const scopeMessage = (scope: Scope) => `This token lacks the "${scope}" scope`;

/**
 * Throws 403 naming the scope when the actor's credential lacks it. An actor without `scopes` (a
 * browser session, a token made before scopes existed, an operator's CLI verb) has every scope.
 */
export function requireScope(actor: { scopes?: readonly Scope[] | undefined }, scope: Scope): void {
  if (actor.scopes !== undefined && !actor.scopes.includes(scope)) {
    throw new ApiError(403, scopeMessage(scope));
  }
}

/** The scopes a new token may carry: never more than the credential that creates it. */
export function grantableScopes(
  actor: { scopes?: readonly Scope[] | undefined },
  requested: readonly Scope[],
): Scope | null {
  if (actor.scopes === undefined) return null;
  return requested.find((scope) => !actor.scopes?.includes(scope)) ?? null;
}
