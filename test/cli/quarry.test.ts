import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createCatalog } from '@quarry/catalog';
import { createCounters } from '@quarry/counters';
import {
  isolatedDatabase,
  localStack,
  type TestDatabase,
  testSigningKeyEncryptionKey,
} from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unique } from '../src/index.ts';
import { type PrivateRedis, startPrivateRedis } from '../src/private-redis.ts';

const CLI = resolve(import.meta.dirname, '../../apps/control-api/src/cli.ts');
const run = promisify(execFile);

// Rotating and retiring signing keys is installation-wide: this file gets a database of its own.
// And a Redis of its own: `usage flush` moves every delta of its Redis into its catalog, which on the
// run's Redis would take other files' usage (their ids mean other users, or none, here).
let database: TestDatabase;
let redis: PrivateRedis;
beforeAll(async () => {
  [database, redis] = await Promise.all([isolatedDatabase(), startPrivateRedis({ args: [] })]);
});
afterAll(async () => {
  await database?.drop();
  await redis?.kill();
});

/** `extraEnv` overrides the test's variables; an undefined value removes one. */
function quarry(args: string[], extraEnv: Record<string, string | undefined> = {}) {
  const stack = localStack();
  return run(process.execPath, [CLI, ...args], {
    env: definedOnly({
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      KAFKA_TOPIC_NAMESPACE: namespace,
      // The test broker is a single node: production's 3 replicas (2 in sync) cannot be placed.
      KAFKA_REPLICATION_FACTOR: '1',
      KAFKA_MIN_INSYNC_REPLICAS: '1',
      SIGNING_KEY_ENCRYPTION_KEY: encryptionKey,
      ...extraEnv,
    }),
  });
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
const namespace = `cli-${unique()}`;
const encryptionKey = testSigningKeyEncryptionKey().toString('base64');

describe('the quarry ops CLI', () => {
  it('prints help for every command, and refuses unknown ones with exit code 2', async () => {
    const { stderr } = await quarry(['--help']);
    for (const name of [
      'migrate',
      'topics create',
      'keys rotate',
      'lag',
      'dead-letters replay',
      'usage flush',
      'quota set',
    ]) {
      expect(stderr).toContain(name);
    }
    expect((await quarry(['quota', 'set', '--help'])).stdout).toContain('--bucket datasets|logs');
    await expect(quarry(['frobnicate'])).rejects.toMatchObject({ code: 2 });
  });

  it('stops with exit code 78 and names the variable when the configuration is bad', async () => {
    await expect(quarry(['migrate'], { DATABASE_URL: 'mysql://nope' })).rejects.toMatchObject({
      code: 78,
      stderr: expect.stringContaining('DATABASE_URL'),
    });
  });

  it('migrates, creates topics idempotently, and reports lag and an empty dead-letter topic', async () => {
    expect((await quarry(['migrate'])).stdout).toMatch(/applied|up to date/);
    const first = await quarry(['topics', 'create']);
    expect(first.stdout).toContain(`${namespace}.datasets.v1  partitions=12`);
    expect((await quarry(['topics', 'create'])).stdout).toContain(`${namespace}.dead-letters.v1`);
    expect((await quarry(['lag', '--group', 'nobody'])).stdout).toContain(`${namespace}.datasets.v1`);
    expect((await quarry(['dead-letters', 'list'])).stdout).toContain('(none)');
    expect((await quarry(['dead-letters', 'replay'])).stdout).toContain('replayed 0 dead letters');
  });

  it('creates the topics with the partition counts it is given, and says when a topic already has others', async () => {
    const sized = {
      KAFKA_TOPIC_NAMESPACE: `cli-sized-${unique()}`,
      KAFKA_DATASET_PARTITIONS: '3',
      KAFKA_LOG_PARTITIONS: '5',
    };
    const first = await quarry(['topics', 'create'], sized);
    expect(first.stdout).toContain(`${sized.KAFKA_TOPIC_NAMESPACE}.datasets.v1  partitions=3\n`);
    expect(first.stdout).toContain(`${sized.KAFKA_TOPIC_NAMESPACE}.logs.v1  partitions=5\n`);
    // Kafka can add partitions but that moves keys: asking for more later creates nothing and says so.
    const again = await quarry(['topics', 'create'], { ...sized, KAFKA_DATASET_PARTITIONS: '6' });
    expect(again.stdout).toContain(
      `${sized.KAFKA_TOPIC_NAMESPACE}.datasets.v1  partitions=3 (exists; KAFKA_DATASET_PARTITIONS asks for 6:`,
    );
    expect(again.stdout).toContain(`${sized.KAFKA_TOPIC_NAMESPACE}.logs.v1  partitions=5\n`);
    await expect(quarry(['topics', 'create'], { ...sized, KAFKA_LOG_PARTITIONS: '0' })).rejects.toMatchObject(
      {
        code: 78,
        stderr: expect.stringContaining('KAFKA_LOG_PARTITIONS'),
      },
    );
  });

  it('creates topics replicated 3 times with 2 in sync by default, which a single broker refuses', async () => {
    const production = { KAFKA_REPLICATION_FACTOR: undefined, KAFKA_MIN_INSYNC_REPLICAS: undefined };
    const attempt = quarry(['topics', 'create'], { ...production, KAFKA_TOPIC_NAMESPACE: `cli-${unique()}` });
    await expect(attempt).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/replication factor/i),
    });
    await expect(quarry(['topics', 'create'], { KAFKA_MIN_INSYNC_REPLICAS: '2' })).rejects.toMatchObject({
      code: 78,
      stderr: expect.stringContaining(
        'KAFKA_MIN_INSYNC_REPLICAS: must not exceed KAFKA_REPLICATION_FACTOR (1)',
      ),
    });
  });

  it('creates an admin, rotates and retires signing keys, sets a quota and flushes usage', async () => {
    await quarry(['migrate']);
    const email = `admin-${unique()}@test.quarry`;
    const admin = JSON.parse((await quarry(['users', 'create-admin', '--email', email])).stdout) as {
      pat: string;
      apiKey: string;
      project: string;
    };
    expect(admin.pat).toMatch(/^pat_/);
    expect(admin.apiKey).toMatch(/^qk_/);

    const rotated = (await quarry(['keys', 'rotate'])).stdout;
    const kid = /new signing key (\S+);/.exec(rotated)?.[1] ?? '';
    expect((await quarry(['keys', 'list'])).stdout).toContain(kid);
    expect((await quarry(['keys', 'retire', kid])).stdout).toBe(`retired ${kid}\n`);
    expect((await quarry(['keys', 'retire', kid])).stdout).toBe(`no active signing key ${kid}\n`);

    // A kid is 16 base64url characters: one in 64 begins with '-', which must not read as an option.
    const dashed = `-${unique()
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 15)}`;
    const catalog = await createCatalog({ kind: 'postgres', url: database.url });
    await catalog.query(
      `INSERT INTO signing_keys (kid, algorithm, public_key, private_key) VALUES ($1, 'EdDSA', '-', '-')`,
      [dashed],
    );
    await catalog.close();
    expect((await quarry(['keys', 'retire', dashed])).stdout).toBe(`retired ${dashed}\n`);

    const datasetsSet = await quarry([
      'quota',
      'set',
      '--user',
      email,
      '--bucket',
      'datasets',
      '--limit',
      '5000',
    ]);
    expect(datasetsSet.stdout).toMatch(/datasets quota 5000/);
    const userId = /user (\d+):/.exec(datasetsSet.stdout)?.[1];
    const counters = createCounters({ kind: 'redis', url: redis.url });
    expect(await counters.get(`quota_limit:datasets:${userId}`)).toBe('5000');
    // Logs are counted per project (contract §3).
    const logs = ['quota', 'set', '--project', admin.project, '--bucket', 'logs', '--limit'];
    const projectId = /project (\d+):/.exec((await quarry([...logs, '1000'])).stdout)?.[1];
    expect(await counters.get(`quota_limit:logs:${projectId}`)).toBe('1000');
    await quarry([...logs, 'default']);
    expect(await counters.get(`quota_limit:logs:${projectId}`)).toBeNull();
    await expect(
      quarry(['quota', 'set', '--user', email, '--bucket', 'logs', '--limit', '1']),
    ).rejects.toMatchObject({ code: 2 });
    await expect(
      quarry(['quota', 'set', '--user', email, '--bucket', 'bananas', '--limit', '1']),
    ).rejects.toMatchObject({ code: 2 });

    await counters.set(`usage_delta:datasets:${userId}:2026-06`, '42');
    expect((await quarry(['usage', 'flush'])).stdout).toMatch(/flushed \d+ counters/);
    expect(await counters.get(`usage_delta:datasets:${userId}:2026-06`)).toMatch(/^0?$|null/);
    await counters.close();
  }, 120_000);

  it('invites an email address for SIGNUP_MODE=invite: the code is printed once and stored hashed', async () => {
    await quarry(['migrate']);
    const email = `invitee-${unique()}@test.quarry`;
    const { stdout } = await quarry(['users', 'invite', '--email', email, '--days', '3']);
    const invitation = JSON.parse(stdout) as {
      code: string;
      email: string;
    };
    expect(invitation).toMatchObject({ code: expect.stringMatching(/^inv_/), email });
    const catalog = await createCatalog({ kind: 'postgres', url: database.url });
    const { rows } = await catalog.query<{ code_hash: string; days: number }>(
      `SELECT code_hash, round(extract(epoch FROM expires_at - created_at) / 86400) AS days
       FROM invitations WHERE email = $1`,
      [email],
    );
    await catalog.close();
    const hash = createHash('sha256').update(invitation.code).digest('hex');
    expect(rows.map((row) => [row.code_hash, Number(row.days)])).toEqual([[hash, 3]]);
    await expect(quarry(['users', 'invite', '--email', email, '--days', '0'])).rejects.toMatchObject({
      code: 2,
    });
  });
});
