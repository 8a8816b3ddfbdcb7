import type { Logger } from '@quarry/observability';

interface Known {
  ownerUserId: number;
  readAt: number;
}

/**
 * Whose monthly record quota a project's datasets charge: the project's owner of the moment (an
 * ownership transfer moves it), re-read from the catalog at most every `ttlMs` per project. While the
 * catalog is unreachable the last known owner stays, and before any read the owner the ingest key was
 * issued under, so a PostgreSQL outage never stops ingest.
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
    if (known && Date.now() - known.readAt < this.ttlMs) return known.ownerUserId;
    let pending = this.loading.get(projectId);
    if (!pending) {
      pending = this.refresh(projectId, known?.ownerUserId ?? issuedTo).finally(() =>
        this.loading.delete(projectId),
      );
      this.loading.set(projectId, pending);
    }
    return pending;
  }

  private async refresh(projectId: number, fallback: number): Promise<number> {
    try {
      const ownerUserId = (await this.read(projectId)) ?? fallback;
      if (this.known.size > 100_000) this.known.clear();
      this.known.set(projectId, { ownerUserId, readAt: Date.now() });
      return ownerUserId;
    } catch (error) {
      this.logger.warn({ err: error, projectId }, 'project owner unreadable; charging the last known owner');
      return fallback;
    }
  }
}
