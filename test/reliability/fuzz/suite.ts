import { runFuzzSeed } from '@quarry/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { readConfig } from './config.ts';
import { expectStillServing } from './liveness.ts';
import { ALL_PROPERTIES, PROPERTY_GROUPS, type PropertyGroup } from './properties/index.ts';
import { formatFailure, Progress, type PropertyReport, runProperty, say, writeReport } from './runner.ts';
import { type FuzzStack, openFuzzStack } from './stack.ts';

// A property's own requests are bounded; this only stops a runaway run (shrinking included).
const PER_CASE_BUDGET_MS = 5_000;

/** One describe per group: each property an `it` (failing with seed, path and counterexample), then liveness. */
export function fuzzSuite(group: PropertyGroup): void {
  // The run's seed (printed by the global setup; QUARRY_FUZZ_SEED sets it), so one number replays it all.
  const config = readConfig(ALL_PROPERTIES, {
    ...process.env,
    QUARRY_FUZZ_SEED: process.env.QUARRY_FUZZ_SEED || String(runFuzzSeed()),
  });
  const selected = PROPERTY_GROUPS[group].filter(
    (p) => config.only === undefined || p.name.includes(config.only),
  );
  const planned = selected.reduce((sum, p) => sum + config.runsOf(p), 0);
  const progress = new Progress(group, planned, config.progress);
  const reports: PropertyReport[] = [];
  let stack: FuzzStack | undefined;

  describe(`fuzz: ${group}`, () => {
    beforeAll(async () => {
      stack = await openFuzzStack();
      say(
        `[fuzz ${group}] seed ${config.seed}, ${planned} cases (QUARRY_FUZZ_SEED=${config.seed} repeats them)`,
      );
    });

    afterAll(async () => {
      if (config.reportDir) await writeReport(config.reportDir, group, config.seed, reports);
      await stack?.close();
    });

    for (const property of selected) {
      it(
        property.name,
        async () => {
          if (!stack) throw new Error('the fuzz stack did not start');
          const report = await runProperty(property, stack, config, progress);
          reports.push(report);
          if (report.failures.length > 0) throw new Error(report.failures.map(formatFailure).join('\n\n'));
        },
        120_000 + config.runsOf(property) * PER_CASE_BUDGET_MS,
      );
    }

    it('still answers health checks and valid requests after the run', async () => {
      if (!stack) throw new Error('the fuzz stack did not start');
      await expectStillServing(stack);
    });
  });
}
