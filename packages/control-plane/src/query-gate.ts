import { ApiError } from '@quarry/contract';
import { MESSAGES } from './messages.ts';

/**
 * Bounds the warehouse queries (dataset queries and log searches) one project runs at once on this
 * replica, so one tenant's dashboard cannot take every engine thread. Past the bound: 429 with
 * Retry-After, before the engine is asked anything.
 */
export class QueryGate {
  private readonly running = new Map<number, number>();
  readonly perProject: number;
  private readonly refusal: (limit: number) => string;

  constructor(perProject: number, refusal: (limit: number) => string = MESSAGES.tooManyQueries) {
    this.perProject = perProject;
    this.refusal = refusal;
  }

  async run<T>(projectId: number, query: () => Promise<T>): Promise<T> {
    const leave = this.enter(projectId);
    try {
      return await query();
    } finally {
      leave();
    }
  }

  /** Takes one of the project's places (429 when none is free); call the answer to give it back. */
  enter(projectId: number): () => void {
    const now = this.running.get(projectId) ?? 0;
    if (now >= this.perProject) {
      throw new ApiError(429, this.refusal(this.perProject), { headers: { 'Retry-After': '1' } });
    }
    this.running.set(projectId, now + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const remaining = (this.running.get(projectId) ?? 1) - 1;
      if (remaining === 0) this.running.delete(projectId);
      else this.running.set(projectId, remaining);
    };
  }
}

/** Runs a project's warehouse query through the deps' gate (verbs called without one are unbounded). */
export function gated<T>(
  gate: QueryGate | undefined,
  projectId: number,
  query: () => Promise<T>,
): Promise<T> {
  return gate ? gate.run(projectId, query) : query();
}
