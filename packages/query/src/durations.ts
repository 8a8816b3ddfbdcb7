/** A width or span written as `15m`, `6h`, `7d`: a positive whole number and one unit. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
  /** Length in milliseconds; a day is 24 h here (zones only move day, week and month buckets). */
  ms: number;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export type DurationUnit = keyof typeof UNIT_MS;

/** ClickHouse's interval function for each unit: the amount stays a bound parameter. */
export const INTERVAL_FUNCTIONS: Record<DurationUnit, string> = {
  s: 'toIntervalSecond',
  m: 'toIntervalMinute',
  h: 'toIntervalHour',
  d: 'toIntervalDay',
  w: 'toIntervalWeek',
};

export const DURATION_PATTERN = /^([1-9][0-9]{0,5})([smhdw])$/;

/** The duration a text stands for, or undefined when it is not one (`0m`, `1.5h`, `10y`, ` 5m`). */
export function parseDuration(text: string, units: readonly DurationUnit[]): Duration | undefined {
  const match = DURATION_PATTERN.exec(text);
  const unit = match?.[2] as DurationUnit | undefined;
  if (!match || !unit || !units.includes(unit)) return undefined;
  const amount = Number(match[1]);
  return { amount, unit, ms: amount * UNIT_MS[unit] };
}

/** A relative range's span (`{ "last": "24h" }`): seconds to weeks. */
export function parseSpan(text: string): Duration | undefined {
  return parseDuration(text, ['s', 'm', 'h', 'd', 'w']);
}
