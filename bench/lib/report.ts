import { arch, cpus, totalmem } from 'node:os';

/** The machine a figure was measured on, printed with every benchmark result. */
export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    arch: arch(),
    node: process.version,
  };
}

/** Human-readable lines first, then the figures as one JSON object on the last line. */
export function report(name: string, figures: Record<string, number | string>): void {
  for (const [key, value] of Object.entries(figures)) console.log(`${name}: ${key} = ${value}`);
  console.log(JSON.stringify({ bench: name, ...figures, machine: machine() }));
}

/** Percentile of an ascending-sorted array (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
