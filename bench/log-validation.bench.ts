import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchLogBatches } from './lib/log-events.ts';
import { loadAverage } from './lib/process-cpu.ts';
import { report } from './lib/report.ts';

interface LogPath {
  validateLogEvents(body: unknown, now?: Date): { ok: boolean; events?: unknown[]; message?: string };
  encodeLogEnvelope(envelope: {
    projectId: number;
    acceptedAt: string;
    traceId: string;
    events: never[];
  }): string;
}

/**
 * `npm run bench -- log-validation [--seconds 10] [--tree <dir>]`
 *
 * The gateway's own work on a `/v1/logs` body, in this process: JSON.parse, validateLogEvents and
 * encodeLogEnvelope, for the `bench logs` batches. With `--tree` (another checkout, e.g. a worktree of
 * main) its code runs too, in alternating slices of 200 ms, so both see the same machine load: CPU
 * per 1,000 events of each and their ratio, measured in the same run.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { seconds: { type: 'string', default: '10' }, tree: { type: 'string' } },
  });
  const seconds = Number(values.seconds);
  const here = resolve(import.meta.dirname, '..');
  const paths: Record<string, LogPath> = { after: await logPath(here) };
  if (values.tree) paths.before = await logPath(resolve(values.tree));
  const bodies = benchLogBatches().map((batch) => JSON.stringify(batch));
  const cpuMs: Record<string, number> = {};
  const events: Record<string, number> = {};
  const loadBefore = loadAverage();
  const end = performance.now() + seconds * 1000;
  for (let slice = 0; performance.now() < end; slice++) {
    for (const [name, path] of Object.entries(paths)) {
      const started = process.cpuUsage();
      const sliceEnd = performance.now() + 200;
      let count = 0;
      for (let i = slice; performance.now() < sliceEnd; i++)
        count += ingest(path, bodies[i % bodies.length] ?? '');
      const used = process.cpuUsage(started);
      // The first slices compile and optimize: left out of the figures.
      if (slice < 3) continue;
      cpuMs[name] = (cpuMs[name] ?? 0) + (used.user + used.system) / 1000;
      events[name] = (events[name] ?? 0) + count;
    }
  }
  const perThousand = (name: string) =>
    Math.round(((cpuMs[name] ?? Number.NaN) * 1000 * 1000) / (events[name] ?? Number.NaN)) / 1000;
  const figures: Record<string, number | string> = {
    cpu_ms_per_1000_events_after: perThousand('after'),
  };
  if (paths.before) {
    figures.cpu_ms_per_1000_events_before = perThousand('before');
    figures.before_over_after = Math.round((perThousand('before') / perThousand('after')) * 100) / 100;
    figures.before = String(values.tree);
  }
  report('log-validation', {
    ...figures,
    seconds,
    load_avg_1m_before: loadBefore,
    load_avg_1m_after: loadAverage(),
  });
}

/** What the gateway does with one body between reading it and producing: parse, check, encode. */
function ingest(path: LogPath, body: string): number {
  const checked = path.validateLogEvents(JSON.parse(body));
  if (!checked.ok || !checked.events) throw new Error(`bench batch refused: ${checked.message}`);
  const value = path.encodeLogEnvelope({
    projectId: 1,
    acceptedAt: new Date().toISOString(),
    traceId: `req_${'x'.repeat(16)}`,
    events: checked.events as never[],
  });
  if (value.length === 0) throw new Error('empty envelope');
  return checked.events.length;
}

async function logPath(tree: string): Promise<LogPath> {
  const logs = await import(join(tree, 'packages/logs/src/index.ts'));
  const pipeline = await import(join(tree, 'packages/pipeline/src/index.ts'));
  return { validateLogEvents: logs.validateLogEvents, encodeLogEnvelope: pipeline.encodeLogEnvelope };
}
