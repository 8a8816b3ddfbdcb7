import fc from 'fast-check';
import type { FuzzStack } from './stack.ts';

export interface RunParams {
  seed: number;
  numRuns: number;
  /** Replays one case (with the seed it failed under), as fast-check reported it. */
  path?: string;
}

export interface Failure {
  property: string;
  seed: number;
  path: string;
  counterexample: string;
  error: string;
}

export interface Outcome {
  ran: number;
  failure?: Failure;
}

/** A named property and its share of `npm run fuzz`'s cases. */
export interface FuzzProperty {
  name: string;
  weight: number;
  build(stack: FuzzStack): (params: RunParams) => Promise<Outcome>;
}

const SHOWN = 2_000;

/** Runs `check` on generated values with fc.check, so a run reports its failure instead of throwing. */
export function property<T>(
  name: string,
  weight: number,
  arbitrary: (stack: FuzzStack) => fc.Arbitrary<T>,
  check: (stack: FuzzStack, value: T) => Promise<void> | void,
): FuzzProperty {
  return {
    name,
    weight,
    build(stack) {
      const prop = fc.asyncProperty(arbitrary(stack), async (value) => {
        await check(stack, value);
      });
      return async (params) => {
        const details = await fc.check(prop, params);
        if (!details.failed) return { ran: details.numRuns };
        return {
          ran: details.numRuns,
          failure: {
            property: name,
            seed: details.seed,
            path: details.counterexamplePath ?? '',
            counterexample: truncate(fc.stringify(details.counterexample)),
            error: truncate(errorText(details.errorInstance)),
          },
        };
      };
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function truncate(text: string, max = SHOWN): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
