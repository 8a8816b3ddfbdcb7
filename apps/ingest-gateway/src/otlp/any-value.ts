/**
 * OTLP attribute values (AnyValue, KeyValue lists) as plain JSON, from an OTLP/JSON body or a decoded
 * protobuf one alike. Untrusted input: anything malformed becomes null, never an exception.
 */

// Deeper values are cut: a body of nested arrays must not exhaust the stack.
const MAX_DEPTH = 32;
const CUT = '[nested too deeply]';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function plainValue(value: unknown, depth = 0): unknown {
  if (!isObject(value)) return null;
  if (depth > MAX_DEPTH) return CUT;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined) return integer(value.intValue);
  if (value.doubleValue !== undefined) return double(value.doubleValue);
  if (isObject(value.arrayValue)) {
    const values = value.arrayValue.values;
    return Array.isArray(values) ? values.map((item) => plainValue(item, depth + 1)) : [];
  }
  if (isObject(value.kvlistValue)) return keyValues(value.kvlistValue.values, depth + 1);
  if (value.bytesValue !== undefined) return bytesText(value.bytesValue, 'base64');
  return null;
}

/**
 * A KeyValue list as an object, dotted keys nested (`http.method` → `{http: {method}}`) so log search
 * can reach them by path. A key stays whole when a prefix of it is a key too (`http` beside
 * `http.method`) or it has an empty segment: nothing is overwritten. A repeated key: the last wins.
 */
export function keyValues(list: unknown, depth = 0): Record<string, unknown> {
  const result: Record<string, unknown> = Object.create(null);
  if (!Array.isArray(list) || depth > MAX_DEPTH) return result;
  const entries = list.filter(
    (entry): entry is { key: string; value: unknown } =>
      isObject(entry) && typeof entry.key === 'string' && entry.key !== '',
  );
  const keys = new Set(entries.map((entry) => entry.key));
  for (const { key, value } of entries) {
    const parts = key.split('.');
    const whole = parts.includes('') || parts.some((_, i) => i > 0 && keys.has(parts.slice(0, i).join('.')));
    setPath(result, whole ? [key] : parts, plainValue(value, depth + 1));
  }
  return result;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (isObject(next)) node = next;
    else {
      const created: Record<string, unknown> = Object.create(null);
      node[part] = created;
      node = created;
    }
  }
  node[path.at(-1) ?? ''] = value;
}

/** int64 arrives as a JSON number, a decimal string (proto3 JSON) or, decoded, a string: a number when exact. */
function integer(value: unknown): number | string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !/^-?\d{1,20}$/.test(value)) return null;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

// proto3 JSON writes non-finite doubles as "NaN" and "Infinity": JSON has no such numbers, keep the text.
function double(value: unknown): number | string | null {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^-?(?:Infinity|NaN)$/.test(value) ? value : null;
}

/** Bytes decoded from protobuf become text in `encoding`; OTLP/JSON already has them as text. */
export function bytesText(value: unknown, encoding: 'base64' | 'hex'): string | null {
  if (typeof value === 'string') return value;
  return value instanceof Uint8Array ? Buffer.from(value).toString(encoding) : null;
}
