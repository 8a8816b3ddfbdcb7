import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters; stored inside every encoded hash so they can be raised later. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

// OWASP's Password Storage Cheat Sheet lists N=2^15, r=8, p=3 as equivalent to its N=2^17, r=8, p=1:
// the same work for a guesser at a quarter of the memory (32 MiB) per concurrent login or sign-up.
// Hashes made with other parameters are re-made on the next good login (needsRehash).
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_N = 2 ** 20; // a stored hash never makes us allocate more than 1 GiB
const ENCODED = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,128})\$([A-Za-z0-9_-]{16,128})$/;

interface DecodedHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

/** Hashes a password into `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashPassword(password: string, params = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, params);
  const { N, r, p } = params;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** True when the password matches the encoded hash; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const decoded = decodeHash(encoded);
  if (decoded === null) return false;
  const candidate = await derive(password, decoded.salt, decoded.hash.length, decoded);
  return timingSafeEqual(candidate, decoded.hash);
}

/** True when the hash was made with other parameters than `params` (rehash it after a good login). */
export function needsRehash(encoded: string, params = DEFAULT_SCRYPT_PARAMS): boolean {
  const decoded = decodeHash(encoded);
  if (decoded === null) return true;
  return decoded.N !== params.N || decoded.r !== params.r || decoded.p !== params.p;
}

function decodeHash(encoded: string): DecodedHash | null {
  const match = ENCODED.exec(encoded);
  if (match === null) return null;
  const [, n, r, p, salt, hash] = match;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!validParams(params) || salt === undefined || hash === undefined) return null;
  return { ...params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

function validParams({ N, r, p }: ScryptParams): boolean {
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  return powerOfTwo && N <= MAX_N && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}

// NFC so the same password typed on different keyboards/OSes hashes identically.
function derive(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}
