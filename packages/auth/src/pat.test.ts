import { describe, expect, it } from 'vitest';
import { generatePat, hashPat, parsePat, verifyPatSecret } from './pat.ts';

describe('personal access tokens', () => {
  it('look like pat_<lookupId>_<secret> and carry their lookup id', () => {
    const { token, lookupId, secretHash } = generatePat();
    expect(token).toMatch(/^pat_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}$/);
    expect(parsePat(token)?.lookupId).toBe(lookupId);
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretHash).toBe(hashPat(token));
  });

  it('are unique', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generatePat().token));
    expect(tokens.size).toBe(1000);
  });

  it('verify against their stored hash and nothing else', () => {
    const a = generatePat();
    const b = generatePat();
    expect(verifyPatSecret(a.token, a.secretHash)).toBe(true);
    expect(verifyPatSecret(b.token, a.secretHash)).toBe(false);
    expect(verifyPatSecret(a.token, a.secretHash.toUpperCase())).toBe(true);
    expect(verifyPatSecret(a.token, '')).toBe(false);
    expect(verifyPatSecret(a.token, 'zz')).toBe(false);
    expect(verifyPatSecret(a.token, `${a.secretHash}00`)).toBe(false);
  });

  it('refuse a token whose secret was changed by one character', () => {
    const { token, secretHash } = generatePat();
    const last = token.at(-1) === 'a' ? 'b' : 'a';
    expect(verifyPatSecret(token.slice(0, -1) + last, secretHash)).toBe(false);
  });

  it('parse to null when malformed', () => {
    const { token } = generatePat();
    const malformed = [
      '',
      'pat_',
      token.replace('pat_', 'pak_'),
      `${token}x`,
      token.slice(0, -1),
      token.replace(/_(?=[^_]*$)/, '-'),
      `${token.slice(0, -1)}!`,
      ` ${token}`,
      'qk_abc.def.ghi',
    ];
    for (const bad of malformed) expect(parsePat(bad)).toBeNull();
  });
});
