import { type IngestKeyClaims, verifyIngestKey } from '@quarry/auth';
import { ApiError } from '@quarry/contract';
import { INGEST_MESSAGES } from '@quarry/schema';
import type { KeyStatusCache } from './key-status.ts';
import type { KeyLastUse } from './last-use.ts';
import type { PublicKeyCache } from './public-keys.ts';

export const AUTH_MESSAGES = {
  missingKey: 'Missing API key',
  invalidKey: 'Invalid API key',
  refusedKey: 'API key revoked or disabled',
} as const;

export interface IngestIdentity {
  projectId: number;
  ownerUserId: number;
  keyId: string;
}

/**
 * Verifies `Authorization: Bearer <project API key>` offline: signature against the trusted public
 * keys, then the refused-key set. No catalog read unless the token names a kid rotated in just now.
 */
export async function authenticateIngestKey(
  authorization: string | undefined,
  keys: { publicKeys: PublicKeyCache; status: KeyStatusCache; lastUse?: Pick<KeyLastUse, 'note'> },
): Promise<IngestIdentity> {
  // The auth scheme is case-insensitive (RFC 9110 §11.1): `bearer qk_…` is as good as `Bearer qk_…`.
  const token = /^bearer +(.*)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
  if (!token) throw new ApiError(401, AUTH_MESSAGES.missingKey);
  const identity =
    keys.publicKeys.recall<IngestIdentity>(token) ?? (await verifyFresh(token, keys.publicKeys));
  if (keys.status.isRefused(identity.keyId)) throw new ApiError(403, AUTH_MESSAGES.refusedKey);
  keys.lastUse?.note(identity.keyId);
  return identity;
}

async function verifyFresh(token: string, publicKeys: PublicKeyCache): Promise<IngestIdentity> {
  let verdict = verifyIngestKey(token, publicKeys.current);
  if (!verdict.ok && verdict.reason === 'unknown_key') {
    await publicKeys.refreshForUnknownKid();
    verdict = verifyIngestKey(token, publicKeys.current);
  }
  if (!verdict.ok) {
    throw new ApiError(
      401,
      verdict.reason === 'no_project' ? INGEST_MESSAGES.projectNotFound : AUTH_MESSAGES.invalidKey,
    );
  }
  const identity = toIdentity(verdict.claims);
  if (!identity) throw new ApiError(401, INGEST_MESSAGES.projectNotFound);
  publicKeys.remember(token, identity);
  return identity;
}

function toIdentity(claims: IngestKeyClaims): IngestIdentity | null {
  const projectId = Number(claims.projectId);
  const ownerUserId = Number(claims.userId);
  if (!Number.isSafeInteger(projectId) || projectId <= 0 || !Number.isSafeInteger(ownerUserId)) return null;
  return { projectId, ownerUserId, keyId: claims.keyId };
}
