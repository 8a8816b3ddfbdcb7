import type { Counters, CountersConfig, CountersOptions } from './counters.ts';
import { createMemoryCounters } from './memory-counters.ts';
import { createRedisCounters } from './redis-counters.ts';

const reportToStderr = (error: unknown) => console.error('[counters]', error);

/** Redis for every deployment with more than one process; memory only for the embedded runner. */
export function createCounters(config: CountersConfig, options: CountersOptions = {}): Counters {
  const withReporting = { onError: options.onError ?? reportToStderr };
  return config.kind === 'redis'
    ? createRedisCounters(config.url, withReporting)
    : createMemoryCounters(withReporting);
}
