import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBase62 } from './random.ts';

/**
 * Personal access tokens: `pat_<lookupId>_<secret>`, both parts base62.
 * The catalog stores `lookupId` (indexed, not secret) and `secretHash`, so a request finds its row
 * with one indexed read. The secret carries 256 random bits, so a plain SHA-256 is enough:
 * a slow hash only helps against guessing low-entropy inputs such as passwords.
 */
export const PAT_PREFIX = 'pat_';

const LOOKUP_ID_LENGTH = 16; // ≈95 bits: collisions are not a concern, and it stays short in logs
const SECRET_LENGTH = 43; // ≈256 bits
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const PAT_FORMAT = /^pat_([0-9A-Za-z]{16})_([0-9A-Za-z]{43})$/;

export interface GeneratedPat {
  /** Shown to the user once, never stored. */
  token: string;
  lookupId: string;
  /** Hex SHA-256 of the whole token. */
  secretHash: string;
}

export interface ParsedPat {
  lookupId: string;
  secret: string;
}

export function generatePat(): GeneratedPat {
  const lookupId = randomBase62(LOOKUP_ID_LENGTH);
  const token = `${PAT_PREFIX}${lookupId}_${randomBase62(SECRET_LENGTH)}`;
  return { token, lookupId, secretHash: hashPat(token) };
}

/** Splits a well-formed PAT; null for anything else (wrong prefix, length or alphabet). */
export function parsePat(token: string): ParsedPat | null {
  const match = PAT_FORMAT.exec(token);
  if (match === null) return null;
  const [, lookupId, secret] = match;
  if (lookupId === undefined || secret === undefined) return null;
  return { lookupId, secret };
}

/** Hashes the whole token, so the hash also binds the lookup id it was issued with. */
export function hashPat(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time check of a presented token against the stored `secretHash`. */
export function verifyPatSecret(token: string, storedHash: string): boolean {
  if (parsePat(token) === null || !SHA256_HEX.test(storedHash)) return false;
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashPat(token), 'hex');
  return timingSafeEqual(actual, expected);
}
