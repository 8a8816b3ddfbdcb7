import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuSummary } from './cpu-profile.ts';

/** A profile summary as aligned lines: by library/area, then by function (self and inclusive). */
export function profileLines(summary: CpuSummary): string[] {
  const lines: string[] = [];
  for (const [title, costs] of [
    ['by library/area (self time)', summary.byArea],
    ['by function (self time)', summary.bySelf],
    ['by function (inclusive)', summary.byInclusive],
  ] as const) {
    lines.push(`profile ${title}:`);
    for (const cost of costs)
      lines.push(`  ${String(cost.percent).padStart(5)}%  ${String(cost.ms).padStart(6)} ms  ${cost.name}`);
  }
  return lines;
}

interface RawProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Rewrites the one .cpuprofile in `dir` so its first `skipMs` count as idle: the start-up (module
 * loading, type stripping, first compilations) would otherwise hide the steady state of a short run.
 */
export function skipProfileStart(dir: string, skipMs: number): void {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const path = join(dir, file);
  const profile = JSON.parse(readFileSync(path, 'utf8')) as RawProfile;
  const idle = profile.nodes.find((node) => node.callFrame.functionName === '(idle)');
  if (!idle) return;
  let elapsedMs = 0;
  profile.samples = profile.samples.map((id, i) => {
    elapsedMs += (profile.timeDeltas[i] ?? 0) / 1000;
    return elapsedMs < skipMs ? idle.id : id;
  });
  writeFileSync(path, JSON.stringify(profile));
}
