import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FuzzConfig } from './config.ts';
import type { Failure, FuzzProperty } from './property.ts';
import type { FuzzStack } from './stack.ts';

export interface PropertyReport {
  name: string;
  planned: number;
  ran: number;
  seconds: number;
  failures: Failure[];
}

/** Cases of one test file so far, printed at every 10% of its plan when progress is on. */
export class Progress {
  private done = 0;
  private failures = 0;
  private shownTenths = 0;
  private readonly started = Date.now();
  private readonly group: string;
  private readonly planned: number;
  private readonly enabled: boolean;

  constructor(group: string, planned: number, enabled: boolean) {
    this.group = group;
    this.planned = planned;
    this.enabled = enabled;
  }

  add(cases: number, failures: number): void {
    this.done += cases;
    this.failures += failures;
    const tenths = Math.floor((10 * this.done) / Math.max(1, this.planned));
    if (!this.enabled || tenths <= this.shownTenths) return;
    this.shownTenths = tenths;
    const seconds = Math.round((Date.now() - this.started) / 1000);
    say(
      `[fuzz ${this.group}] ${tenths * 10}%: ${this.done}/${this.planned} cases, ${this.failures} failures, ${seconds} s`,
    );
  }
}

/** Runs a property in `chunks` seeded runs (one failure ends only its chunk), or replays one case. */
export async function runProperty(
  property: FuzzProperty,
  stack: FuzzStack,
  config: FuzzConfig,
  progress: Progress,
): Promise<PropertyReport> {
  const run = property.build(stack);
  const planned = config.runsOf(property);
  const started = Date.now();
  const failures: Failure[] = [];
  let ran = 0;
  if (config.path !== undefined) {
    const outcome = await run({ seed: config.seed, numRuns: 1, path: config.path });
    return {
      name: property.name,
      planned: 1,
      ran: outcome.ran,
      seconds: 0,
      failures: outcome.failure ? [outcome.failure] : [],
    };
  }
  for (let chunk = 0; chunk < config.chunks; chunk++) {
    const numRuns = Math.floor(planned / config.chunks) + (chunk < planned % config.chunks ? 1 : 0);
    if (numRuns === 0) continue;
    const outcome = await run({ seed: config.seed + chunk, numRuns });
    ran += outcome.ran;
    if (outcome.failure) {
      failures.push(outcome.failure);
      say(formatFailure(outcome.failure));
    }
    progress.add(numRuns, outcome.failure ? 1 : 0);
  }
  return { name: property.name, planned, ran, seconds: (Date.now() - started) / 1000, failures };
}

/** A failure with everything needed to replay it. */
export function formatFailure(failure: Failure): string {
  const replay = `QUARRY_FUZZ_ONLY='${failure.property}' QUARRY_FUZZ_SEED=${failure.seed} QUARRY_FUZZ_PATH='${failure.path}'`;
  return [
    `FAILED ${failure.property}`,
    `  seed ${failure.seed}, path "${failure.path}"`,
    `  replay: ${replay} pnpm vitest run --project integration test/reliability/fuzz`,
    `  counterexample: ${failure.counterexample}`,
    `  error: ${failure.error}`,
  ].join('\n');
}

export async function writeReport(
  dir: string,
  group: string,
  seed: number,
  reports: PropertyReport[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${group}.json`), JSON.stringify({ group, seed, reports }, null, 2));
}

export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
