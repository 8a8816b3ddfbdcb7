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
 * can reach them by path. A key that clashes with a value already there stays whole, unnested.
 */
export function keyValues(list: unknown, depth = 0): Record<string, unknown> {
  const result: Record<string, unknown> = Object.create(null);
  if (!Array.isArray(list) || depth > MAX_DEPTH) return result;
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.key !== 'string' || entry.key === '') continue;
    setDotted(result, entry.key, plainValue(entry.value, depth + 1));
  }
  return result;
}

function setDotted(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  const leaf = parts.pop() ?? key;
  if (leaf === '' || parts.includes('')) {
    target[key] = value;
    return;
  }
  let node = target;
  for (const part of parts) {
    const next = node[part];
    if (next === undefined) {
      const created: Record<string, unknown> = Object.create(null);
      node[part] = created;
      node = created;
    } else if (isObject(next)) {
      node = next;
    } else {
      target[key] = value;
      return;
    }
  }
  if (node[leaf] === undefined) node[leaf] = value;
  else target[key] = value;
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
