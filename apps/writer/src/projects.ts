import type { SqlExecutor } from '@quarry/catalog';
import { type Plans, planLimits } from '@quarry/control-plane';
import { type Destination, parseDestination } from './destinations/destination.ts';

/** What the writer needs to know about a project whose logs it stores or delivers. */
export interface LogProject {
  id: number;
  slug: string;
  /** From the project's plan at write time; the logs table's TTL enforces it per row. */
  retentionDays: number;
  destination: Destination;
}

interface ProjectRow {
  id: number;
  slug: string;
  plan: string;
  destination: unknown;
  destination_sealed: string | null;
}

/** How long a project's plan and destination are cached unless told (PROJECT_REFRESH_MS). */
export const DEFAULT_PROJECT_REFRESH_MS = 10_000;

/**
 * Projects by id, read from the catalog in one query per batch for the ids not cached, and cached
 * for `ttlMs`: a plan or destination change reaches the writer within that time. An expired entry
 * still answers while the catalog cannot be read.
 */
export class ProjectDirectory {
  private readonly cache = new Map<number, { project: LogProject; until: number }>();
  private readonly db: SqlExecutor;
  private readonly plans: Plans;
  private readonly ttlMs: number;
  private readonly destinationKey: Buffer;

  constructor(db: SqlExecutor, plans: Plans, ttlMs: number, destinationKey: Buffer) {
    this.db = db;
    this.plans = plans;
    this.ttlMs = ttlMs;
    this.destinationKey = destinationKey;
  }

  /** The known projects among `ids`; an id missing from the answer has no project in the catalog. */
  async get(ids: Iterable<number>): Promise<Map<number, LogProject>> {
    const now = Date.now();
    const found = new Map<number, LogProject>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const cached = this.cache.get(id);
      if (cached && cached.until > now) found.set(id, cached.project);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    let rows: ProjectRow[];
    try {
      ({ rows } = await this.db.query<ProjectRow>(
        'SELECT id, slug, plan, destination, destination_sealed FROM projects WHERE id = ANY($1::bigint[])',
        [missing],
      ));
    } catch (error) {
      // While the catalog is unreachable nobody can change a plan or a destination either, so the
      // last answer is still the current one: projects seen before keep being written.
      const stale = missing.map((id) => this.cache.get(id)?.project);
      if (stale.some((project) => project === undefined)) throw error;
      for (const project of stale) if (project) found.set(project.id, project);
      return found;
    }
    for (const row of rows) {
      const project: LogProject = {
        id: Number(row.id),
        slug: row.slug,
        retentionDays: planLimits(this.plans, row.plan).logRetentionDays,
        destination: parseDestination(row.destination, row.destination_sealed, this.destinationKey),
      };
      this.cache.set(project.id, { project, until: now + this.ttlMs });
      found.set(project.id, project);
    }
    return found;
  }

  async one(id: number): Promise<LogProject | undefined> {
    return (await this.get([id])).get(id);
  }
}
