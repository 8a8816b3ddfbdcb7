import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalServices, LOCAL_POSTGRES_URL, LOCAL_REDIS_URL, startKafka } from '@quarry/local-stack';
import type { TestProject } from 'vitest/node';
import { describeLeaks } from './leaks.ts';
import { createTestDatabase, newRunId } from './postgres-db.ts';
import { reserveRedisDb } from './redis-db.ts';
import { scanServiceLogs } from './service-log-scan.ts';
import type { LocalStack } from './stack.ts';

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
let serviceLogs: string | undefined;
let fuzzSeed: number | undefined;

/** QUARRY_FUZZ_SEED replays a run's fuzz cases; otherwise a random seed, printed at both ends of the run. */
function chooseFuzzSeed(): number {
  const text = process.env.QUARRY_FUZZ_SEED;
  if (text === undefined || text === '') return randomInt(2 ** 31);
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`QUARRY_FUZZ_SEED must be an integer, got ${text}`);
  return seed;
}

const printFuzzSeed = (seed: number) =>
  process.stderr.write(`fuzz seed ${seed} (QUARRY_FUZZ_SEED=${seed} npm test replays the same cases)\n`);

/**
 * Vitest globalSetup of the integration project: one Kafka broker for the whole run, a Redis DB and a
 * PostgreSQL database of its own, handed to tests as `quarryStack` (read it with localStack()).
 */
export async function setup(project: TestProject): Promise<void> {
  const runId = newRunId();
  fuzzSeed = chooseFuzzSeed();
  printFuzzSeed(fuzzSeed);
  project.provide('quarryFuzzSeed', fuzzSeed);
  await ensureLocalServices();
  const [kafka, redis, database] = await Promise.allSettled([
    // A JVM broker starting on a 2-core machine loaded by other runs can take minutes; waiting
    // costs nothing when it is quick, and a run that gave up at 90 s proved nothing.
    startKafka({ readyTimeoutMs: 300_000 }),
    reserveRedisDb(runId, LOCAL_REDIS_URL),
    createTestDatabase(runId, LOCAL_POSTGRES_URL),
  ]);
  if (kafka.status === 'fulfilled') cleanups.push(kafka.value.stop);
  if (redis.status === 'fulfilled') cleanups.push(redis.value.release);
  if (database.status === 'fulfilled') cleanups.push(database.value.drop);
  if (kafka.status === 'rejected' || redis.status === 'rejected' || database.status === 'rejected') {
    await teardown();
    const failures = [kafka, redis, database].flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    );
    throw new AggregateError(failures, `the local test stack did not start: ${failures.join('; ')}`);
  }
  // Every tempDir of the run lives under one root removed here: vitest ends its forks without the
  // process exit hooks that would remove directories made outside a test.
  const tempRoot = await mkdtemp(join(tmpdir(), `quarry-run-${runId}-`));
  cleanups.push(() => rm(tempRoot, { recursive: true, force: true }));
  // Outside tempRoot: kept when the teardown finds a secret in them, for whoever looks into it.
  serviceLogs = await mkdtemp(join(tmpdir(), `quarry-run-${runId}-service-logs-`));
  project.provide('quarryServiceLogs', serviceLogs);
  const stack: LocalStack = {
    kafkaBrokers: kafka.value.brokers,
    redisUrl: redis.value.url,
    databaseUrl: database.value.url,
    tempRoot,
  };
  project.provide('quarryStack', stack);
}

export async function teardown(): Promise<void> {
  if (fuzzSeed !== undefined) printFuzzSeed(fuzzSeed);
  fuzzSeed = undefined;
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => failures.push(error));
  }
  if (serviceLogs) failures.push(...(await checkServiceLogs(serviceLogs).catch((error: unknown) => [error])));
  serviceLogs = undefined;
  if (failures.length > 0)
    throw new AggregateError(failures, `local test stack teardown failed: ${failures.join('; ')}`);
}

/**
 * Every process the tests spawned wrote its output here; a secret in any of it fails the run (a
 * teardown that throws makes `vitest run` exit 1, after the test summary).
 */
async function checkServiceLogs(dir: string): Promise<Error[]> {
  const started = performance.now();
  const { leaks, files, bytes } = await scanServiceLogs(dir);
  const ms = Math.round(performance.now() - started);
  process.stderr.write(
    `service logs: ${files} files, ${Math.round(bytes / 1024)} KiB scanned for secrets in ${ms} ms\n`,
  );
  if (leaks.length === 0) {
    await rm(dir, { recursive: true, force: true });
    return [];
  }
  return [new Error(`secrets in the output of spawned services (kept in ${dir}):\n${describeLeaks(leaks)}`)];
}
