import fc from 'fast-check';
import { jsonValue } from './json.ts';
import { hostileKey, hugeString } from './text.ts';

/** One blind change somewhere in a document: where (child picks, taken modulo), what, and with what. */
export interface Mutation {
  steps: number[];
  action: 'replace' | 'delete' | 'insert' | 'wrap';
  key: string;
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  steps: fc.array(fc.nat(), { maxLength: 5 }),
  action: fc.constantFrom('replace', 'delete', 'insert', 'wrap'),
  key: hostileKey,
  value: fc.oneof({ weight: 9, arbitrary: jsonValue }, { weight: 1, arbitrary: hugeString(20_000) }),
});

/** Applies a mutation without touching the input; objects are rebuilt from entries (own `__proto__`). */
export function mutate(doc: unknown, change: Mutation, at = 0): unknown {
  const children = childKeys(doc);
  const step = change.steps[at];
  if (step === undefined || children.length === 0) return applyHere(doc, change);
  const key = children[step % children.length] ?? '';
  const last = at === change.steps.length - 1;
  if (Array.isArray(doc)) {
    const index = Number(key);
    if (last && change.action === 'delete') return doc.filter((_, i) => i !== index);
    return doc.map((item, i) => (i === index ? mutate(item, change, at + 1) : item));
  }
  const entries = Object.entries(doc as Record<string, unknown>);
  if (last && change.action === 'delete') return Object.fromEntries(entries.filter(([k]) => k !== key));
  return Object.fromEntries(entries.map(([k, v]) => [k, k === key ? mutate(v, change, at + 1) : v]));
}

function applyHere(doc: unknown, change: Mutation): unknown {
  switch (change.action) {
    case 'wrap':
      return [doc];
    case 'insert':
      if (Array.isArray(doc)) return [...doc, change.value];
      if (isObject(doc)) return Object.fromEntries([...Object.entries(doc), [change.key, change.value]]);
      return change.value;
    default:
      return change.value;
  }
}

function childKeys(doc: unknown): string[] {
  if (Array.isArray(doc)) return doc.map((_, i) => String(i));
  return isObject(doc) ? Object.keys(doc) : [];
}

function isObject(doc: unknown): doc is Record<string, unknown> {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc);
}
