import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { decodeIngestKey, encodeIngestKey, INGEST_KEY_ALG } from './ingest-key-format.ts';
import { publicKeyObject } from './key-cache.ts';

/** What an ingest key proves: which project it writes to, who owns it (quota), and which key it is. */
export interface IngestKeyClaims {
  projectId: string;
  /** The project owner: the quota bucket the gateway charges. */
  userId: string;
  /** The key's catalog id: what revocation and disabling look up. */
  keyId: string;
  /** Issued-at, seconds since the epoch. Keys do not expire; they are revoked. */
  iat: number;
}

export interface SigningKey {
  kid: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

export type IngestKeyFailure = 'malformed' | 'unknown_key' | 'bad_signature' | 'no_project';
export type IngestKeyVerification =
  | { ok: true; claims: IngestKeyClaims }
  | { ok: false; reason: IngestKeyFailure };

const MAX_CLAIM_LENGTH = 128;

/** A fresh Ed25519 key pair; `kid` is a thumbprint of the public key, so it names the key it came from. */
export function generateSigningKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    kid: createHash('sha256').update(der).digest('base64url').slice(0, 16),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Mints an ingest key. Throws on invalid claims: a key that cannot verify must never be issued. */
export function signIngestKey(
  claims: Omit<IngestKeyClaims, 'iat'> & { iat?: number },
  signingKey: Pick<SigningKey, 'kid' | 'privateKeyPem'>,
): string {
  const payload = { ...claims, iat: claims.iat ?? Math.floor(Date.now() / 1000) };
  const checked = readClaims(payload);
  if (checked === null || checked === 'no_project') throw new TypeError('Invalid ingest key claims');
  if (!isClaimString(signingKey.kid)) throw new TypeError('Invalid signing key id');
  const privateKey = createPrivateKey(signingKey.privateKeyPem);
  return encodeIngestKey({ alg: INGEST_KEY_ALG, kid: signingKey.kid }, checked, privateKey);
}

/**
 * Verifies offline against the public keys currently trusted, by kid. Retiring a key means removing
 * it from the map: its tokens then fail as `unknown_key`. Nothing in the payload is read before the
 * signature holds.
 */
export function verifyIngestKey(
  token: string,
  publicKeysByKid: ReadonlyMap<string, KeyObject | string>,
): IngestKeyVerification {
  const parts = decodeIngestKey(token);
  if (parts === null) return { ok: false, reason: 'malformed' };
  const kid = readKid(parts.header);
  if (kid === null) return { ok: false, reason: 'malformed' };
  const key = publicKeysByKid.get(kid);
  if (key === undefined) return { ok: false, reason: 'unknown_key' };
  const signed = Buffer.from(parts.signingInput, 'utf8');
  if (!verify(null, signed, publicKeyObject(key), parts.signature))
    return { ok: false, reason: 'bad_signature' };
  const claims = readClaims(parts.payload);
  if (claims === null) return { ok: false, reason: 'malformed' };
  if (claims === 'no_project') return { ok: false, reason: 'no_project' };
  return { ok: true, claims };
}

function readKid(header: unknown): string | null {
  if (!isRecord(header) || header.alg !== INGEST_KEY_ALG) return null;
  return isClaimString(header.kid) ? header.kid : null;
}

// A missing or unusable projectId is its own answer (contract: 401 `Project not found in API token claims`).
function readClaims(payload: unknown): IngestKeyClaims | 'no_project' | null {
  if (!isRecord(payload)) return null;
  const { projectId, userId, keyId, iat } = payload;
  if (!isClaimString(projectId)) return 'no_project';
  if (!isClaimString(userId) || !isClaimString(keyId)) return null;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < 0) return null;
  return { projectId, userId, keyId, iat };
}

function isClaimString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CLAIM_LENGTH;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
