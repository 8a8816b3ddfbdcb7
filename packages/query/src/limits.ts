/** Bounds that keep one query cheap to parse, compile and run. Documented in the README. */
export const LIMITS = {
  defaultLimit: 100,
  maxLimit: 10_000,
  maxOffset: 100_000,
  maxSelect: 100,
  maxGroupBy: 20,
  maxOrderBy: 20,
  maxConditionDepth: 16,
  maxConditionNodes: 256,
  maxListValues: 1_000,
  /** Values across one where or having tree: keeps the bound parameters (and their URL) small. */
  maxConditionValues: 10_000,
  maxStringValue: 10_000,
  maxName: 128,
  maxCursor: 256,
  /** Buckets one width bucket or one filled bucket may make over the range (per group when filling). */
  maxBuckets: 10_000,
  /** Characters in a `matches` pattern: RE2 runs in linear time, but compiling it does not come free. */
  maxPattern: 1_000,
  /** topk's k and histogram's bins. */
  maxListSize: 100,
} as const;

/** Aliases (and therefore output names) must be plain identifiers: they are quoted, never escaped. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
