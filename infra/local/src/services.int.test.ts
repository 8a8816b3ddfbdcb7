import { expect, it } from 'vitest';
import { ensureLocalServices } from './services.ts';

// Starting a stopped service is not exercised here: it would pull Redis and PostgreSQL from under
// every other test running on this machine.
it('finds the machine Redis and PostgreSQL answering', async () => {
  await expect(ensureLocalServices()).resolves.toBeUndefined();
});
