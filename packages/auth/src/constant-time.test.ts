import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// Wraps the real timingSafeEqual in a spy so the tests can see the verifiers go through it.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const { generatePat, verifyPatSecret } = await import('./pat.ts');
const { hashPassword, verifyPassword } = await import('./password.ts');

describe('secret comparisons', () => {
  it('use timingSafeEqual for PAT hashes', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    const { token, secretHash } = generatePat();
    expect(verifyPatSecret(token, secretHash)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('use timingSafeEqual for password hashes', async () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    const encoded = await hashPassword('pw', { N: 2 ** 10, r: 8, p: 1 });
    spy.mockClear();
    expect(await verifyPassword('wrong', encoded)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
