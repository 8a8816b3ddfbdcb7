import type { Logger } from '@quarry/observability';

interface Known {
  ownerUserId: number;
  readAt: number;
}

/**
 * Whose monthly record quota a project's datasets charge: the project's owner of the moment (an
 * ownership transfer moves it). A known owner is answered at once and re-read in the background once
 * older than `ttlMs`, so the hot path never waits on the catalog after a project's first request, and
 * a PostgreSQL outage never stalls ingest: the last known owner stays (before any read, the owner the
 * ingest key was issued under).
 */
export class ProjectOwners {
  private readonly known = new Map<number, Known>();
  private readonly loading = new Map<number, Promise<number>>();
  private readonly read: (projectId: number) => Promise<number | null>;
  private readonly ttlMs: number;
  private readonly logger: Logger;

  constructor(options: {
    read: (projectId: number) => Promise<number | null>;
    ttlMs: number;
    logger: Logger;
  }) {
    this.read = options.read;
    this.ttlMs = options.ttlMs;
    this.logger = options.logger;
  }

  async ownerOf(projectId: number, issuedTo: number): Promise<number> {
    const known = this.known.get(projectId);
    if (!known) return this.load(projectId, issuedTo);
    if (Date.now() - known.readAt >= this.ttlMs) void this.load(projectId, known.ownerUserId);
    return known.ownerUserId;
  }

  /** One catalog read per project at a time; a failed one keeps `fallback` until the next period. */
  private load(projectId: number, fallback: number): Promise<number> {
    let pending = this.loading.get(projectId);
    if (!pending) {
      pending = this.refresh(projectId, fallback).finally(() => this.loading.delete(projectId));
      this.loading.set(projectId, pending);
    }
    return pending;
  }

  private async refresh(projectId: number, fallback: number): Promise<number> {
    let ownerUserId = fallback;
    try {
      ownerUserId = (await this.read(projectId)) ?? fallback;
    } catch (error) {
      this.logger.warn({ err: error, projectId }, 'project owner unreadable; charging the last known owner');
    }
    if (this.known.size > 100_000) this.known.clear();
    this.known.set(projectId, { ownerUserId, readAt: Date.now() });
    return ownerUserId;
  }
}
