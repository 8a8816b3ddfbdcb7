import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PropertyReport } from './runner.ts';
import { formatFailure } from './runner.ts';

/**
 * `npm run fuzz [-- <cases>]`: 100,000 cases by default, split over every property by weight. The
 * integration project of vitest runs them (its global setup starts Kafka and reserves PostgreSQL and
 * Redis, as for `npm test`); each property runs in 10 seeded chunks so a failure ends only its chunk.
 * Progress comes every 10% per test file; the summary and every failure, with its seed, come last.
 */
const DEFAULT_CASES = 100_000;
const root = resolve(import.meta.dirname, '../../..');

const cases = process.argv[2] === undefined ? DEFAULT_CASES : Number(process.argv[2]);
if (!Number.isSafeInteger(cases) || cases <= 0) {
  process.stderr.write('usage: npm run fuzz [-- <cases>]   (a positive number of cases, default 100000)\n');
  process.exit(2);
}
const seed = process.env.QUARRY_FUZZ_SEED ?? String(randomInt(2 ** 31));
const reportDir = await mkdtemp(join(tmpdir(), 'quarry-fuzz-'));
const started = Date.now();
say(`fuzz: ${cases} cases, seed ${seed}`);

const exitCode = await new Promise<number>((done) => {
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const child = spawn(
    process.execPath,
    [vitest, 'run', '--project', 'integration', 'test/reliability/fuzz'],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        QUARRY_FUZZ_RUNS: String(cases),
        QUARRY_FUZZ_SEED: seed,
        QUARRY_FUZZ_CHUNKS: '10',
        QUARRY_FUZZ_PROGRESS: '1',
        QUARRY_FUZZ_REPORT_DIR: reportDir,
      },
    },
  );
  child.on('exit', (code) => done(code ?? 1));
});

const reports = await readReports(reportDir);
await rm(reportDir, { recursive: true, force: true });
const failures = reports.flatMap((report) => report.failures);
const total = reports.reduce((sum, report) => sum + report.ran, 0);
say('\nfuzz summary');
for (const report of reports) {
  say(
    `  ${String(report.ran).padStart(7)} cases  ${report.failures.length} failed  ${report.seconds.toFixed(0).padStart(5)} s  ${report.name}`,
  );
}
say(
  `  ${String(total).padStart(7)} cases in all, ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(0)} s, seed ${seed}`,
);
for (const failure of failures) say(`\n${formatFailure(failure)}`);
process.exit(exitCode !== 0 || failures.length > 0 ? 1 : 0);

async function readReports(dir: string): Promise<PropertyReport[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  const groups = await Promise.all(
    files.map(async (file) => JSON.parse(await readFile(join(dir, file), 'utf8'))),
  );
  return groups.flatMap((group: { reports: PropertyReport[] }) => group.reports);
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
