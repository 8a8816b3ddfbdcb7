import { scrubText } from './scrub.ts';

/** A dependency probe: resolves when the dependency answers, rejects (or times out) otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | string>;
  /** Dependencies that only some routes need: named when failing, never making the service unready. */
  degraded?: Record<string, string>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: ReadinessCheck, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs every check concurrently; the report names each failing dependency but never a stack trace.
 * `informational` checks run too, but a failing one is listed under `degraded` and leaves `ready`.
 */
export async function checkReadiness(
  checks: Record<string, ReadinessCheck>,
  options: { timeoutMs?: number; informational?: Record<string, ReadinessCheck> | undefined } = {},
): Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const [required, informational] = await Promise.all([
    runChecks(checks, timeoutMs),
    runChecks(options.informational ?? {}, timeoutMs),
  ]);
  const report: ReadinessReport = { ready: true, checks: {} };
  for (const [name, outcome] of required) {
    report.checks[name] = outcome;
    if (outcome !== 'ok') report.ready = false;
  }
  for (const [name, outcome] of informational) {
    report.checks[name] = outcome;
    if (outcome !== 'ok') report.degraded = { ...report.degraded, [name]: outcome };
  }
  return report;
}

async function runChecks(checks: Record<string, ReadinessCheck>, timeoutMs: number) {
  const names = Object.keys(checks);
  const outcomes = await Promise.allSettled(
    names.map((name) => withTimeout(checks[name] ?? noop, timeoutMs)),
  );
  return outcomes.map((outcome, index): [string, string] => {
    const name = names[index] ?? `check${index}`;
    if (outcome.status === 'fulfilled') return [name, 'ok'];
    // A driver's message can carry its connection URL; /readyz is often reachable without a token.
    return [name, outcome.reason instanceof Error ? scrubText(outcome.reason.message) : 'failed'];
  });
}

async function noop(): Promise<void> {}
