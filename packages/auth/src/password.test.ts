import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyPassword } from './password.ts';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('encodes algorithm, parameters, salt and hash in one self-describing string', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it("uses one of OWASP's scrypt parameter sets (N=2^15, r=8, p=3)", () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 2 ** 15, r: 8, p: 3 });
  });

  it('asks to rehash a hash made with the previous default (N=2^15, r=8, p=1)', async () => {
    expect(needsRehash(await hashPassword('pw', { N: 2 ** 15, r: 8, p: 1 }))).toBe(true);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('hunter22', CHEAP);
    expect(await verifyPassword('hunter22', encoded)).toBe(true);
    expect(await verifyPassword('hunter23', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('salts every hash, so equal passwords give different strings', async () => {
    const [a, b] = await Promise.all([hashPassword('same', CHEAP), hashPassword('same', CHEAP)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('treats canonically equal unicode spellings as the same password', async () => {
    const encoded = await hashPassword('caf\u00e9', CHEAP);
    expect(await verifyPassword('cafe\u0301', encoded)).toBe(true);
  });

  it('refuses unreadable or hostile stored hashes instead of throwing', async () => {
    for (const bad of [
      '',
      'plain',
      'bcrypt$2b$10$abc',
      'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
    // N = 2^30 would allocate 128 GiB: refused before scrypt runs.
    const huge = `scrypt$1073741824$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`;
    expect(await verifyPassword('x', huge)).toBe(false);
  });

  it('asks for a rehash when the parameters are not the current ones', async () => {
    const cheap = await hashPassword('pw', CHEAP);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(cheap, CHEAP)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
    expect(needsRehash(await hashPassword('pw'), DEFAULT_SCRYPT_PARAMS)).toBe(false);
  });

  it('does not block the event loop while hashing', async () => {
    let ticked = false;
    setImmediate(() => {
      ticked = true;
    });
    const pending = hashPassword('pw');
    expect(ticked).toBe(false);
    await pending;
    expect(ticked).toBe(true);
  });
});
