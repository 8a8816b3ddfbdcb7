import { createPublicKey, type KeyObject } from 'node:crypto';

// Parsing a PEM costs more than the Ed25519 verification itself, so each PEM is parsed once.
// Bounded because the key set is small (a handful of kids during rotation), not unbounded input.
const parsedByPem = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 64;

/** The Ed25519 public KeyObject for a configured key; throws on a key that is not Ed25519. */
export function publicKeyObject(key: KeyObject | string): KeyObject {
  const parsed = typeof key === 'string' ? cachedParse(key) : key;
  if (parsed.type !== 'public' || parsed.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('Ingest key verification needs an Ed25519 public key');
  }
  return parsed;
}

function cachedParse(pem: string): KeyObject {
  const cached = parsedByPem.get(pem);
  if (cached !== undefined) return cached;
  const parsed = createPublicKey(pem);
  if (parsedByPem.size >= MAX_CACHED_KEYS) parsedByPem.clear();
  parsedByPem.set(pem, parsed);
  return parsed;
}
