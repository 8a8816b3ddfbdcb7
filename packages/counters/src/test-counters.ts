import { localStack } from '@quarry/testkit';
import type { CountersConfig } from './counters.ts';

/** The Redis database reserved for this test run by the integration global setup. */
export const runRedisUrl = () => localStack().redisUrl;

/** The behaviour suite runs on the run's Redis database and on the in-memory twin alike. */
export const countersBackends: Array<{ title: string; config: () => CountersConfig }> = [
  { title: 'Redis', config: () => ({ kind: 'redis', url: runRedisUrl() }) },
  { title: 'memory', config: () => ({ kind: 'memory' }) },
];

/** Keys no other suite sharing the run's Redis database will touch. */
export function keyspace(): (name: string) => string {
  const prefix = `test:${Math.random().toString(36).slice(2, 10)}`;
  return (name) => `${prefix}:${name}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
