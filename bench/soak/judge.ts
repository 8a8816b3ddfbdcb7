import type { Finish } from './finish.ts';
import { judgeMemory, MEMORY_RULE, type MemoryVerdict } from './memory.ts';
import { memoryLine } from './print.ts';
import type { SoakRun } from './run.ts';
import { APP_NAMES } from './stack.ts';

export interface Judgement {
  memory: Record<string, MemoryVerdict>;
  /** Empty when the soak passed. */
  problems: string[];
}

/**
 * Memory per process (the load generator's is shown but never fails the run: it is not the
 * product), then every reason to exit non-zero: an early end, a climbing app, a lost or duplicated
 * batch, a dead letter, an app that did not exit 0 on SIGTERM.
 */
export function judge(run: SoakRun, finish: Finish, out: (line: string) => void): Judgement {
  out(`memory (${MEMORY_RULE}):`);
  const memory: Judgement['memory'] = {};
  for (const [name, samples] of Object.entries(run.rss)) {
    const verdict = judgeMemory(samples);
    memory[name] = verdict;
    out(memoryLine(name, verdict));
  }
  const problems = [
    ...(run.failure ? [run.failure] : []),
    ...APP_NAMES.filter((name) => memory[name]?.verdict === 'climbs').map((name) => `${name} memory climbs`),
    ...Object.entries(finish.checks)
      .filter(([, check]) => !check.exactly_once)
      .map(([stream]) => `${stream} not stored exactly once`),
    ...(finish.deadLetters > 0 ? [`${finish.deadLetters} dead letters`] : []),
    ...Object.entries(finish.exitCodes)
      .filter(([, code]) => code !== 0)
      .map(([name, code]) => `${name} exited ${code} on SIGTERM`),
  ];
  return { memory, problems };
}
