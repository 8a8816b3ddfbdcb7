import fc from 'fast-check';
import { wireHeader } from '../http.ts';
import type { FuzzTenant } from '../tenant.ts';
import { hostileString } from './text.ts';

export type HeaderMap = Record<string, string>;

/** `Bearer <token>` as clients spell it: the scheme in any case, one or more spaces. */
export const bearer = (token: string) =>
  fc
    .tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'BeArEr'), fc.integer({ min: 1, max: 3 }))
    .map(([scheme, spaces]) => `${scheme}${' '.repeat(spaces)}${token}`);

/** Authorization values that must be refused: malformed, truncated, tampered, the other plane's token. */
export function brokenAuthorization(token: string, otherPlaneToken: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNzd29yZA==',
      token,
      `Token ${token}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -4)}`,
      `Bearer ${token.slice(0, 12)}`,
      `Bearer ${otherPlaneToken}`,
      `Bearer ${token}, Bearer ${token}`,
      'Bearer qk_',
      'Bearer qk_a.b.c',
      'Bearer qk_...',
      'Bearer pat_',
      `Bearer pat_${'a'.repeat(4000)}`,
    ),
    fc.nat(token.length - 1).map((at) => `Bearer ${flip(token, at)}`),
    hostileString(80).map((junk) => `Bearer ${junk}`),
    hostileString(40),
  );
}

/** A different character at `at`: a token whose signature or hash no longer matches. */
function flip(token: string, at: number): string {
  const replacement = token[at] === 'A' ? 'B' : 'A';
  return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
}

/** The ingest key most of the time (so cases reach validation), else something refused or nothing. */
export function ingestAuthorization(tenant: FuzzTenant): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: bearer(tenant.apiKey) },
    { weight: 1, arbitrary: fc.constantFrom(...tenant.refusedKeys.map((key) => `Bearer ${key.token}`)) },
    { weight: 1, arbitrary: brokenAuthorization(tenant.apiKey, tenant.pat) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

export const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '',
      '*/*',
    ),
  },
  { weight: 1, arbitrary: hostileString(30) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Values for the optional headers (X-Request-Id, Idempotency-Key): plausible, long, or junk. */
export const optionalHeader = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(129), 'x'.repeat(256), 'a b', '\u00ff') },
  { weight: 2, arbitrary: hostileString(40) },
);

/** Drops absent headers; values are sent as their UTF-8 bytes. */
export function headersOf(entries: Record<string, string | undefined>): HeaderMap {
  return Object.fromEntries(
    Object.entries(entries).flatMap(([name, value]) => (value === undefined ? [] : [[name, value]])),
  );
}

/** What the server reads from a header: the wire bytes as latin1, trimmed (as hono and Node give it). */
export const serverView = (value: string) => wireHeader(value).trim();
