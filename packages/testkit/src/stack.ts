import { inject } from 'vitest';

/** Addresses of the real local stack that the integration global setup started for this run. */
export interface LocalStack {
  /** bootstrap servers of the single-node KRaft broker, e.g. ["127.0.0.1:40123"] */
  kafkaBrokers: string[];
  /** redis://127.0.0.1:6379/<db>: a database index reserved for this run and flushed at its start */
  redisUrl: string;
  /** postgres://…/quarry_test_<run>: a database created for this run and dropped at its end */
  databaseUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    quarryStack: LocalStack;
  }
}

/** The stack handed over by the global setup; only callable inside integration tests. */
export function localStack(): LocalStack {
  return inject('quarryStack');
}
