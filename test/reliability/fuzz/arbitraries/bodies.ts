import fc from 'fast-check';
import { deepNesting, jsonValue, notJson, numberLiteral, rawBytes } from './json.ts';
import { mutate, mutation } from './mutate.ts';

const PLACEHOLDER = '\u0000raw\u0000';

/** `doc` as JSON with `raw` (text JSON.stringify would not write) as the value of `key`. */
export const withRaw = (doc: object, key: string, raw: string) =>
  JSON.stringify({ ...doc, [key]: PLACEHOLDER }).replace(JSON.stringify(PLACEHOLDER), () => raw);

/** `doc` as JSON with raw text (a literal or nesting JSON.stringify cannot write) somewhere inside. */
const spliced = (valid: fc.Arbitrary<unknown>, raw: fc.Arbitrary<string>) =>
  fc.tuple(valid, mutation, raw).map(([doc, change, text]) => {
    const marked = mutate(doc, { ...change, action: 'replace', value: PLACEHOLDER });
    return JSON.stringify(marked).replace(JSON.stringify(PLACEHOLDER), () => text);
  });

/**
 * Request bodies around a valid document: itself, blindly mutated (wrong types, deleted or added
 * keys incl. `__proto__`, huge strings), any JSON, almost-JSON, raw bytes, deep nesting up to
 * `maxDepth`, and number literals JSON.stringify never writes.
 */
export function hostileBody(
  valid: fc.Arbitrary<unknown>,
  maxDepth: number,
): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((doc) => JSON.stringify(doc)) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([doc, changes]) =>
          JSON.stringify(changes.reduce<unknown>((d, change) => mutate(d, change), doc)),
        ),
    },
    { weight: 2, arbitrary: jsonValue.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: notJson },
    { weight: 1, arbitrary: rawBytes },
    { weight: 1, arbitrary: deepNesting(maxDepth) },
    { weight: 1, arbitrary: spliced(valid, fc.oneof(deepNesting(maxDepth), numberLiteral)) },
  );
}
