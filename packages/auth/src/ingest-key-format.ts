import { type KeyObject, sign } from 'node:crypto';

/**
 * Envelope of an ingest key: `qk_` + base64url(header) . base64url(payload) . base64url(signature).
 * The signature covers everything before the last dot, prefix included, so a signature made for
 * another token kind with the same key can never pass as an ingest key.
 */
export const INGEST_KEY_PREFIX = 'qk_';
export const INGEST_KEY_ALG = 'EdDSA';

// Real keys are ~300 characters; the cap keeps JSON parsing of hostile input trivially cheap.
export const MAX_INGEST_KEY_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface IngestKeyParts {
  signingInput: string;
  header: unknown;
  payload: unknown;
  signature: Buffer;
}

/** Serialises and signs header and payload; the signing step the control API performs. */
export function encodeIngestKey(header: object, payload: object, privateKey: KeyObject): string {
  const signingInput = `${INGEST_KEY_PREFIX}${encodeJson(header)}.${encodeJson(payload)}`;
  const signature = sign(null, Buffer.from(signingInput, 'utf8'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Splits and decodes a token without trusting anything in it; null when it is not well formed. */
export function decodeIngestKey(token: unknown): IngestKeyParts | null {
  if (typeof token !== 'string' || token.length > MAX_INGEST_KEY_LENGTH) return null;
  if (!token.startsWith(INGEST_KEY_PREFIX)) return null;
  const parts = token.slice(INGEST_KEY_PREFIX.length).split('.');
  if (parts.length !== 3) return null;
  const [headerText, payloadText, signatureText] = parts;
  if (headerText === undefined || payloadText === undefined || signatureText === undefined) return null;
  const header = decodeJson(headerText);
  const payload = decodeJson(payloadText);
  const signature = decodeBase64url(signatureText);
  if (header === undefined || payload === undefined || signature === null) return null;
  const signingInput = token.slice(0, token.lastIndexOf('.'));
  return { signingInput, header, payload, signature };
}

function encodeJson(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeJson(text: string): unknown {
  const bytes = decodeBase64url(text);
  if (bytes === null) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

// Node's decoder skips stray characters and padding bits; a re-encode round trip makes each token
// have exactly one spelling, so a signature cannot be replayed under altered-but-equal text.
function decodeBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}
