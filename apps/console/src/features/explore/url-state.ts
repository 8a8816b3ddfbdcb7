import { DEFAULT_STATE, type ExploreState } from './model';

/** The explore state travels in the URL as one JSON parameter `q`; a broken link falls back to defaults. */
export function parseState(q: string | undefined): ExploreState {
  if (!q) return DEFAULT_STATE;
  try {
    const parsed = JSON.parse(q) as Partial<ExploreState>;
    return { ...DEFAULT_STATE, ...parsed };
  } catch {
    return DEFAULT_STATE;
  }
}

export const serializeState = (state: ExploreState): string => JSON.stringify(state);

/** A filter's typed value from what was typed: numbers and booleans as the schema declares them. */
export function typedValue(type: string | undefined, op: string, text: string): unknown {
  const one = (part: string) => {
    if (type === 'number') return Number(part);
    if (type === 'boolean') return part === 'true';
    return part;
  };
  if (op === 'in' || op === 'notIn') return text.split(',').map((part) => one(part.trim()));
  return one(text);
}
