/** Values bound to `{name:Type}` placeholders; they travel apart from the SQL text. */
export type QueryParams = Record<string, unknown>;

/**
 * The HTTP client sends a Date as Unix seconds with milliseconds, while chDB's binder drops the
 * milliseconds; sending the client's text form to both keeps DateTime64(3) filters exact.
 */
export function normalizeParams(params: QueryParams | undefined): QueryParams | undefined {
  if (params === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      value instanceof Date ? unixTimestampText(value) : value,
    ]),
  );
}

export function unixTimestampText(date: Date): string {
  const millis = date.getTime();
  if (Number.isNaN(millis)) throw new RangeError('cannot bind an invalid Date');
  const sign = millis < 0 ? '-' : '';
  const seconds = Math.floor(Math.abs(millis) / 1000);
  const fraction = Math.abs(millis) % 1000;
  return `${sign}${seconds}${fraction === 0 ? '' : `.${String(fraction).padStart(3, '0')}`}`;
}
