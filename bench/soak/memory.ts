export interface MemorySample {
  minutes: number;
  mb: number;
}

export interface MemoryVerdict {
  verdict: 'levels off' | 'climbs' | 'too short to judge';
  /** Least-squares slopes of RSS over the second half and over the last third of the run. */
  second_half_mb_per_min: number;
  last_third_mb_per_min: number;
  /** Mean RSS over each third of the run. */
  thirds_mb: [number, number, number];
}

/** The rule, printed with the verdicts. */
export const MEMORY_RULE =
  'climbs = RSS rises > 1 MB/min (least squares) over both the second half and the last third of the run, ' +
  'and the last third averages above the middle third: a steady leak shows in all three, heap swings and a ' +
  'one-off step (buffers kept after a stall) do not; a run under 6 minutes gets no verdict';
const CLIMB_MB_PER_MIN = 1;
/** Below this the second half is still warm-up (JIT, pools, caches filling): no verdict, no failure. */
const MIN_MINUTES = 6;

/** RSS samples over the run (every 10 s): does it level off or keep climbing? */
export function judgeMemory(all: MemorySample[]): MemoryVerdict {
  const samples = all.filter((s) => Number.isFinite(s.mb));
  const end = samples.at(-1)?.minutes ?? 0;
  const between = (from: number, to: number) => samples.filter((s) => s.minutes >= from && s.minutes <= to);
  const secondHalf = fitSlope(between(end / 2, end));
  const lastThird = fitSlope(between((2 * end) / 3, end));
  const thirds: [number, number, number] = [
    mean(between(0, end / 3)),
    mean(between(end / 3, (2 * end) / 3)),
    mean(between((2 * end) / 3, end)),
  ];
  const climbs = secondHalf > CLIMB_MB_PER_MIN && lastThird > CLIMB_MB_PER_MIN && thirds[2] > thirds[1];
  return {
    verdict: end < MIN_MINUTES ? 'too short to judge' : climbs ? 'climbs' : 'levels off',
    second_half_mb_per_min: round(secondHalf),
    last_third_mb_per_min: round(lastThird),
    thirds_mb: thirds,
  };
}

/** Least-squares slope (MB per minute) of the samples. */
function fitSlope(samples: MemorySample[]): number {
  if (samples.length < 2) return 0;
  const mx = samples.reduce((sum, s) => sum + s.minutes, 0) / samples.length;
  const my = samples.reduce((sum, s) => sum + s.mb, 0) / samples.length;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.minutes - mx) * (s.mb - my);
    variance += (s.minutes - mx) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

function mean(samples: MemorySample[]): number {
  if (samples.length === 0) return Number.NaN;
  return Math.round((samples.reduce((sum, s) => sum + s.mb, 0) / samples.length) * 10) / 10;
}

const round = (value: number) => Math.round(value * 100) / 100;
