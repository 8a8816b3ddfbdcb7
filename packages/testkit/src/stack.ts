import { inject } from 'vitest';
import { createTestDatabase, newRunId, type TestDatabase } from './postgres-db.ts';

/** Addresses of the real local stack that the integration global setup started for this run. */
export interface LocalStack {
  /** bootstrap servers of the single-node KRaft broker, e.g. ["127.0.0.1:40123"] */
  kafkaBrokers: string[];
  /** redis://127.0.0.1:6379/<db>: a database index reserved for this run and flushed at its start */
  redisUrl: string;
  /** postgres://…/quarry_test_<run>: a database created for this run and dropped at its end */
  databaseUrl: string;
  /** The run's temporary directory, removed by the global teardown; tempDir() creates under it. */
  tempRoot: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    quarryStack: LocalStack;
    /** One fuzz seed for the whole run: QUARRY_FUZZ_SEED, or random and printed by the global setup. */
    quarryFuzzSeed: number;
  }
}

/** The run's fuzz seed (see the global setup); only callable inside integration tests. */
export function runFuzzSeed(): number {
  return inject('quarryFuzzSeed');
}

/** The stack handed over by the global setup; only callable inside integration tests. */
export function localStack(): LocalStack {
  return inject('quarryStack');
}

/**
 * A fresh PostgreSQL database of its own, for tests that change installation-wide state (signing
 * key rotation) which other test files of the run would see in the shared database. Drop it after.
 */
export async function isolatedDatabase(): Promise<TestDatabase> {
  const server = new URL(localStack().databaseUrl);
  server.pathname = '/postgres';
  return createTestDatabase(newRunId(), server.toString());
}
