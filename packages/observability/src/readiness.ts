import { scrubText } from './scrub.ts';

/** A dependency probe: resolves when the dependency answers, rejects (or times out) otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | string>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: ReadinessCheck, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check concurrently; the report names each failing dependency but never a stack trace. */
export async function checkReadiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const outcomes = await Promise.allSettled(
    names.map((name) => withTimeout(checks[name] ?? noop, timeoutMs)),
  );
  const report: ReadinessReport = { ready: true, checks: {} };
  outcomes.forEach((outcome, index) => {
    const name = names[index] ?? `check${index}`;
    if (outcome.status === 'fulfilled') report.checks[name] = 'ok';
    else {
      report.ready = false;
      // A driver's message can carry its connection URL; /readyz is often reachable without a token.
      report.checks[name] = outcome.reason instanceof Error ? scrubText(outcome.reason.message) : 'failed';
    }
  });
  return report;
}

async function noop(): Promise<void> {}
