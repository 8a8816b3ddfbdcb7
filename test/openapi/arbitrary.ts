import fc from 'fast-check';

// Values a JSON Schema (as the OpenAPI documents write them) calls valid, as fast-check arbitraries:
// the generating half of a Schemathesis-style check. Covers the keywords the documents use.

type Schema = Record<string, unknown>;

export interface GenerateOptions {
  /** The document, for `#/components/...` references. */
  root: Schema;
  /** Replaces the arbitrary of a named property (e.g. field names drawn from a dataset's schema). */
  properties?: Record<string, fc.Arbitrary<unknown>>;
}

const MAX_DEPTH = 3;
const MAX_ITEMS = 3;

export function arbitraryFor(schema: Schema, options: GenerateOptions, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string')
    return arbitraryFor(resolve(schema.$ref, options.root), options, depth + 1);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) {
    // Past the depth bound only branches without references: recursive schemas end in leaves.
    const usable =
      depth > MAX_DEPTH ? branches.filter((branch) => !JSON.stringify(branch).includes('$ref')) : branches;
    return fc.oneof(...usable.map((branch) => arbitraryFor(branch, options, depth + 1)));
  }
  const type = schema.type;
  if (Array.isArray(type))
    return fc.oneof(...type.map((one) => arbitraryFor({ ...schema, type: one }, options, depth)));
  switch (type) {
    case 'object':
      return objectOf(schema, options, depth);
    case 'array': {
      const minLength = Number(schema.minItems ?? 0);
      const maxLength = Math.min(Number(schema.maxItems ?? MAX_ITEMS), minLength + MAX_ITEMS);
      return fc.array(arbitraryFor((schema.items ?? {}) as Schema, options, depth + 1), {
        minLength,
        maxLength,
      });
    }
    case 'string':
      return stringOf(schema);
    case 'integer':
      return fc.integer({
        min: Number(schema.minimum ?? -1_000_000),
        max: Math.min(Number(schema.maximum ?? 1_000_000), 2 ** 31 - 1),
      });
    case 'number':
      return fc.double({
        min: Number(schema.minimum ?? -1e9),
        max: Number(schema.maximum ?? 1e9),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(schema: Schema, options: GenerateOptions, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const keyed = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [
      name,
      options.properties?.[name] ?? arbitraryFor(property, options, depth + 1),
    ]),
  );
  const known = fc.record(keyed, { requiredKeys: [...required] });
  // `additionalProperties: true` allows any JSON value.
  const extra = schema.additionalProperties === true ? {} : schema.additionalProperties;
  if (Object.keys(properties).length > 0 || extra === false || extra === undefined) {
    const minimum = Number(schema.minProperties ?? 0);
    return minimum > 0 ? known.filter((value) => Object.keys(value).length >= minimum) : known;
  }
  // A map: names from propertyNames, values from additionalProperties.
  const names = schema.propertyNames
    ? stringOf(schema.propertyNames as Schema)
    : fc.string({ maxLength: 16 });
  return fc.dictionary(names as fc.Arbitrary<string>, arbitraryFor(extra as Schema, options, depth + 1), {
    minKeys: Number(schema.minProperties ?? 0),
    maxKeys: Math.min(
      Number(schema.maxProperties ?? MAX_ITEMS),
      Number(schema.minProperties ?? 0) + MAX_ITEMS,
    ),
  });
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Math.min(Number(schema.maxLength ?? 40), minLength + 40);
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2200-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  }
  if (typeof schema.pattern === 'string') {
    // fast-check cannot generate from a negative lookahead: generate without it, keep what matches.
    const full = new RegExp(schema.pattern);
    return fc
      .stringMatching(new RegExp(schema.pattern.replace(/\(\?!(?:[^()]|\([^()]*\))*\)/g, '')))
      .filter((value) => full.test(value))
      .filter((value) => value.length >= minLength && value.length <= Number(schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength, maxLength, unit: 'binary' });
}

function resolve(ref: string, root: Schema): Schema {
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    node = (node as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`unresolved ${ref}`);
  return node as Schema;
}
