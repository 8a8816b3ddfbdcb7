import { createLogger } from '@quarry/observability';
import { describe, expect, it } from 'vitest';
import { ProjectOwners } from './project-owners.ts';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('the project owner whose quota is charged', () => {
  it('reads the owner once per period and answers the known one meanwhile', async () => {
    let reads = 0;
    const owners = new ProjectOwners({ read: async () => ++reads + 100, ttlMs: 60_000, logger });
    expect(await owners.ownerOf(1, 7)).toBe(101);
    expect(await owners.ownerOf(1, 7)).toBe(101);
    expect(reads).toBe(1);
  });

  it('answers the known owner at once when it is stale, and the re-read one after', async () => {
    let owner = 5;
    const owners = new ProjectOwners({ read: async () => owner, ttlMs: 0, logger });
    expect(await owners.ownerOf(1, 7)).toBe(5);
    owner = 6;
    expect(await owners.ownerOf(1, 7)).toBe(5);
    await expect.poll(() => owners.ownerOf(1, 7)).toBe(6);
  });

  it("charges the key's owner while the catalog cannot be read, without retrying on every request", async () => {
    let reads = 0;
    const owners = new ProjectOwners({
      read: async () => {
        reads += 1;
        throw new Error('catalog down');
      },
      ttlMs: 60_000,
      logger,
    });
    expect(await owners.ownerOf(1, 7)).toBe(7);
    expect(await owners.ownerOf(1, 7)).toBe(7);
    expect(reads).toBe(1);
  });
});
