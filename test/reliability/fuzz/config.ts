import { randomInt } from 'node:crypto';
import type { FuzzProperty } from './property.ts';

/**
 * How many cases, how they are seeded and reported. The same variables drive `npm test` (a quick run)
 * and `npm run fuzz` (which sets them for 100,000 cases):
 * - QUARRY_FUZZ_RUNS: cases in all, split across every property by weight (quick default 1,000);
 * - QUARRY_FUZZ_SEED: the base seed (random and printed otherwise); chunk i of a property uses seed + i;
 * - QUARRY_FUZZ_ONLY / QUARRY_FUZZ_PATH: replay one property's failing case (with its seed);
 * - QUARRY_FUZZ_CHUNKS: runs of a property split in chunks, each with its own seed, so one failure
 *   does not end the property; QUARRY_FUZZ_PROGRESS=1 prints every 10%; QUARRY_FUZZ_REPORT_DIR: JSON.
 */
export interface FuzzConfig {
  seed: number;
  chunks: number;
  progress: boolean;
  only?: string;
  path?: string;
  reportDir?: string;
  runsOf(property: FuzzProperty): number;
}

export const QUICK_RUNS = 1_000;
const MIN_RUNS = 5;

export function readConfig(all: FuzzProperty[], env: NodeJS.ProcessEnv = process.env): FuzzConfig {
  const total = positive(env.QUARRY_FUZZ_RUNS, QUICK_RUNS);
  const weights = all.reduce((sum, property) => sum + property.weight, 0);
  return {
    seed: env.QUARRY_FUZZ_SEED ? Number(env.QUARRY_FUZZ_SEED) : randomInt(2 ** 31),
    chunks: positive(env.QUARRY_FUZZ_CHUNKS, 1),
    progress: env.QUARRY_FUZZ_PROGRESS === '1',
    ...(env.QUARRY_FUZZ_ONLY ? { only: env.QUARRY_FUZZ_ONLY } : {}),
    ...(env.QUARRY_FUZZ_PATH ? { path: env.QUARRY_FUZZ_PATH } : {}),
    ...(env.QUARRY_FUZZ_REPORT_DIR ? { reportDir: env.QUARRY_FUZZ_REPORT_DIR } : {}),
    runsOf: (property) => Math.max(MIN_RUNS, Math.round((total * property.weight) / weights)),
  };
}

function positive(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}
