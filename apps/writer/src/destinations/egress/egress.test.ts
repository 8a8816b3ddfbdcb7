import { describe, expect, it } from 'vitest';
import { DestinationRefused, Egress, findRefusal } from './egress.ts';

const resolving =
  (answers: Record<string, string[]>) =>
  async (name: string): Promise<string[]> => {
    const found = answers[name];
    if (!found) throw new Error(`getaddrinfo ENOTFOUND ${name}`);
    return found;
  };

describe('Egress.resolve', () => {
  it('returns a permitted address; IP literals are checked without a lookup', async () => {
    const egress = new Egress({ lookup: resolving({ 'hook.example': ['93.184.215.14'] }) });
    expect(await egress.resolve('hook.example')).toBe('93.184.215.14');
    expect(await egress.resolve('8.8.8.8')).toBe('8.8.8.8');
    expect(await egress.resolve('[2606:4700:4700::1111]')).toBe('2606:4700:4700::1111');
  });

  it('refuses a name that resolves to a private address, naming both', async () => {
    const egress = new Egress({ lookup: resolving({ 'internal.example': ['10.0.0.7', 'fd00::7'] }) });
    const refused = await egress.resolve('internal.example').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DestinationRefused);
    expect((refused as Error).message).toBe(
      'destination refused: internal.example resolves to 10.0.0.7 (a private address), fd00::7 (a unique-local address); an operator can allow it with DESTINATION_ALLOWED_CIDRS',
    );
    await expect(new Egress().resolve('[::1]')).rejects.toThrow(
      'destination refused: ::1 (a loopback address); an operator can allow it with DESTINATION_ALLOWED_CIDRS',
    );
  });

  it('connects to a permitted address when a name has both kinds', async () => {
    const egress = new Egress({ lookup: resolving({ mixed: ['127.0.0.1', '93.184.215.14'] }) });
    expect(await egress.resolve('mixed')).toBe('93.184.215.14');
  });

  it('a name that does not resolve is an ordinary failure (retried), not a refusal', async () => {
    const failure = await new Egress({ lookup: resolving({}) }).resolve('nowhere').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(findRefusal(failure)).toBeUndefined();
    expect((failure as Error).message).toBe('cannot resolve nowhere');
  });

  it('finds a refusal wrapped by a client library', () => {
    const refusal = new DestinationRefused('destination refused: x');
    expect(findRefusal(new TypeError('fetch failed', { cause: refusal }))).toBe(refusal);
    expect(findRefusal(new Error('other'))).toBeUndefined();
  });
});
