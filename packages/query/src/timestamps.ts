// ISO 8601 / RFC 3339 date or date-time; a missing zone means UTC. Fractions past milliseconds are dropped.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/i;

// DateTime64(3) holds 1900-01-01 .. 2299-12-31; a value outside would fail inside the engine, not here.
const MIN_YEAR = 1900;
const MAX_YEAR = 2299;

/** Milliseconds since the epoch for a strict ISO timestamp, or undefined when it is not one. */
export function parseTimestamp(text: string): number | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const wallClock = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  // Date.UTC rolls 2026-02-30 or 24:00 over to another day; a real calendar value survives unchanged.
  const survives =
    wallClock.getUTCFullYear() === year &&
    wallClock.getUTCMonth() === month - 1 &&
    wallClock.getUTCDate() === day &&
    wallClock.getUTCHours() === hour &&
    wallClock.getUTCMinutes() === minute &&
    wallClock.getUTCSeconds() === second;
  if (!survives) return undefined;
  const epoch = wallClock.getTime() - zoneOffsetMs(match[8]);
  const utcYear = new Date(epoch).getUTCFullYear();
  return utcYear >= MIN_YEAR && utcYear <= MAX_YEAR ? epoch : undefined;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

/** Canonical wire form, e.g. `2026-06-10T00:00:00.000Z`. */
export function toIsoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The text a `DateTime64(3,'UTC')` query parameter parses: the engine refuses the `T…Z` form. */
export function toParamTimestamp(epochMs: number): string {
  return toIsoTimestamp(epochMs).replace('T', ' ').slice(0, 23);
}
