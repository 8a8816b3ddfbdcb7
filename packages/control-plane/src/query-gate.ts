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

  constructor(perProject: number) {
    this.perProject = perProject;
  }

  async run<T>(projectId: number, query: () => Promise<T>): Promise<T> {
    const now = this.running.get(projectId) ?? 0;
    if (now >= this.perProject) {
      throw new ApiError(429, MESSAGES.tooManyQueries(this.perProject), { headers: { 'Retry-After': '1' } });
    }
    this.running.set(projectId, now + 1);
    try {
      return await query();
    } finally {
      const left = (this.running.get(projectId) ?? 1) - 1;
      if (left === 0) this.running.delete(projectId);
      else this.running.set(projectId, left);
    }
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
