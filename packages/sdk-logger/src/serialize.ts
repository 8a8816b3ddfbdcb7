/**
 * Metadata as JSON-safe values. `JSON.stringify(new Error())` gives `{}`: errors become their name,
 * message, stack, code and cause (recursively) plus their own fields. Cycles become "[Circular]",
 * BigInts strings; what JSON drops (functions, symbols, undefined) is dropped.
 */
export function serializeMetadata(metadata: object): Record<string, unknown> {
  const value = toJsonValue(metadata, new Set());
  if (metadata instanceof Error) return { error: value };
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { value };
}

/** An error's JSON form: what `JSON.stringify` would otherwise lose. */
export function serializeError(error: Error): Record<string, unknown> {
  return toJsonValue(error, new Set()) as Record<string, unknown>;
}

const MAX_DEPTH = 32;

function toJsonValue(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[Circular]';
  if (ancestors.size >= MAX_DEPTH) return '[Too deep]';
  if (!(value instanceof Error) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return toJsonValue((value as { toJSON(): unknown }).toJSON(), ancestors);
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => toJsonValue(item, ancestors) ?? null);
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.name = value.name;
      out.message = value.message;
      if (value.stack !== undefined) out.stack = value.stack;
      const { code, cause } = value as { code?: unknown; cause?: unknown };
      if (code !== undefined) out.code = toJsonValue(code, ancestors);
      if (cause !== undefined) out.cause = toJsonValue(cause, ancestors);
      if (value instanceof AggregateError) out.errors = toJsonValue(value.errors, ancestors);
    }
    for (const [key, item] of Object.entries(value)) {
      if (key in out) continue;
      const converted = toJsonValue(item, ancestors);
      if (converted !== undefined && typeof converted !== 'function' && typeof converted !== 'symbol') {
        out[key] = converted;
      }
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
