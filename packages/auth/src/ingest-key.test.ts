import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, signIngestKey, verifyIngestKey } from './ingest-key.ts';
import { encodeIngestKey } from './ingest-key-format.ts';

const current = generateSigningKey();
const previous = generateSigningKey();
const keys = new Map([
  [current.kid, current.publicKeyPem],
  [previous.kid, previous.publicKeyPem],
]);
const claims = { projectId: 'prj_7', userId: 'usr_3', keyId: 'key_42', iat: 1_780_000_000 };

// Signs arbitrary header/payload with a real key, to build tokens signIngestKey refuses to mint.
function craft(payload: object, header: object = { alg: 'EdDSA', kid: current.kid }, key = current): string {
  return encodeIngestKey(header, payload, createPrivateKey(key.privateKeyPem));
}

function segments(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.slice(3).split('.');
  return [header, payload, signature];
}

// A 64-byte signature leaves 4 unused low bits in its last base64url character; setting one gives a
// second spelling of the same bytes, which must not be accepted.
function withPaddingBitSet(last: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return alphabet[alphabet.indexOf(last) + 1] ?? '';
}

describe('ingest keys', () => {
  it('round-trip their claims through sign and verify', () => {
    const token = signIngestKey(claims, current);
    expect(token).toMatch(/^qk_[\w-]+\.[\w-]+\.[\w-]{86}$/);
    expect(verifyIngestKey(token, keys)).toEqual({ ok: true, claims });
  });

  it('stamp iat when the caller does not', () => {
    const result = verifyIngestKey(signIngestKey({ projectId: 'p', userId: 'u', keyId: 'k' }, current), keys);
    expect(result.ok && Math.abs(result.claims.iat - Date.now() / 1000) < 5).toBe(true);
  });

  it('verify with KeyObjects as well as PEM strings', () => {
    const token = signIngestKey(claims, current);
    const objects = new Map([[current.kid, createPublicKey(current.publicKeyPem)]]);
    expect(verifyIngestKey(token, objects).ok).toBe(true);
  });

  it('refuse a tampered payload', () => {
    const [header, , signature] = segments(signIngestKey(claims, current));
    const forged = Buffer.from(JSON.stringify({ ...claims, projectId: 'prj_other' })).toString('base64url');
    expect(verifyIngestKey(`qk_${header}.${forged}.${signature}`, keys)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuse a signature taken from another valid token', () => {
    const [header, payload] = segments(signIngestKey(claims, current));
    const [, , otherSignature] = segments(signIngestKey({ ...claims, keyId: 'key_43' }, current));
    const swapped = `qk_${header}.${payload}.${otherSignature}`;
    expect(verifyIngestKey(swapped, keys)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuse a token signed by one key but naming another kid', () => {
    const lying = craft(claims, { alg: 'EdDSA', kid: previous.kid }, current);
    expect(verifyIngestKey(lying, keys)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('answer unknown_key for a kid that is not trusted, including a retired one', () => {
    const token = signIngestKey(claims, previous);
    expect(verifyIngestKey(token, keys).ok).toBe(true);
    const afterRotation = new Map([[current.kid, current.publicKeyPem]]);
    expect(verifyIngestKey(token, afterRotation)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(verifyIngestKey(craft(claims, { alg: 'EdDSA', kid: 'nope' }), keys)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
  });

  it('answer no_project when the signature holds but projectId is absent or unusable', () => {
    const { projectId: _, ...withoutProject } = claims;
    for (const payload of [
      withoutProject,
      { ...claims, projectId: '' },
      { ...claims, projectId: 7 },
      { ...claims, projectId: null },
      { ...claims, projectId: ['prj_7'] },
      JSON.parse('{"__proto__":{"projectId":"prj_7"},"userId":"u","keyId":"k","iat":1}'),
    ]) {
      expect(verifyIngestKey(craft(payload), keys)).toEqual({ ok: false, reason: 'no_project' });
    }
  });

  it('answer malformed for signed claims of the wrong type', () => {
    for (const payload of [
      { ...claims, userId: 3 },
      { ...claims, keyId: { id: 1 } },
      { ...claims, keyId: 'k'.repeat(129) },
      { ...claims, iat: '1780000000' },
      { ...claims, iat: 1.5 },
      [claims],
    ]) {
      expect(verifyIngestKey(craft(payload), keys)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('answer malformed for a header that is not EdDSA with a kid', () => {
    for (const header of [
      { alg: 'none', kid: current.kid },
      { alg: 'RS256', kid: current.kid },
      { alg: 'EdDSA' },
    ]) {
      expect(verifyIngestKey(craft(claims, header), keys)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('answer malformed for tokens that are not well-formed, oversized or non-canonical', () => {
    const token = signIngestKey(claims, current);
    const [header, payload, signature] = segments(token);
    const malformed = [
      '',
      'qk_',
      token.slice(3),
      `pat_${token.slice(3)}`,
      `${token}.extra`,
      `qk_${header}.${payload}`,
      `qk_${header}..${signature}`,
      `qk_${header}.${payload}.${signature}=`,
      `qk_${header}.${payload}.${signature.slice(0, -1)}+`,
      `qk_${header}.${payload}.${signature.slice(0, -1)}${withPaddingBitSet(signature.at(-1) ?? '')}`,
      `qk_${Buffer.from('not json').toString('base64url')}.${payload}.${signature}`,
      craft({ ...claims, projectId: 'p'.repeat(1100) }),
      `qk_${'A'.repeat(5000)}`,
    ];
    for (const bad of malformed)
      expect(verifyIngestKey(bad, keys)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyIngestKey(42 as unknown as string, keys)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuse to mint a key with missing or non-string claims', () => {
    const bad = [
      { ...claims, projectId: '' },
      { ...claims, userId: 5 },
      { ...claims, iat: -1 },
    ];
    for (const c of bad) expect(() => signIngestKey(c as typeof claims, current)).toThrow(TypeError);
  });

  it('refuse to verify with a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const token = signIngestKey(claims, current);
    expect(() => verifyIngestKey(token, new Map([[current.kid, rsa]]))).toThrow(TypeError);
  });

  it('name each key by a stable thumbprint of its public key', () => {
    expect(current.kid).toMatch(/^[\w-]{16}$/);
    expect(current.kid).not.toBe(previous.kid);
  });
});
