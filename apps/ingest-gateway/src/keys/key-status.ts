import type { Logger } from '@quarry/observability';
import type { CatalogReader } from '../catalog-reader.ts';

export const KEY_STATUS_CHANNEL = 'quarry:ingest-keys:status';

/**
 * Which ingest keys are refused (disabled or revoked). A revocation reaches every replica twice:
 * pushed through the counters' pub/sub at once, and by a periodic catalog read of keys changed
 * since the last one, for a replica that missed the push (or connected after it).
 */
export class KeyStatusCache {
  private refused = new Set<string>();
  private watermark: Date | null = null;
  private readonly reader: CatalogReader;
  private readonly logger: Logger;

  constructor(options: { reader: CatalogReader; logger: Logger }) {
    this.reader = options.reader;
    this.logger = options.logger;
  }

  isRefused(keyId: string): boolean {
    return this.refused.has(keyId);
  }

  /** Applies the keys whose status changed since the last read (all keys on the first). */
  async refresh(): Promise<void> {
    const changes = await this.reader.keyStatusChanges(this.watermark);
    for (const change of changes) {
      if (change.refused) this.refused.add(change.keyId);
      else this.refused.delete(change.keyId);
      if (!this.watermark || change.changedAt > this.watermark) this.watermark = change.changedAt;
    }
  }

  /** A push names a key; re-reading it (rather than trusting the message) keeps enable/disable exact. */
  async onPush(keyId: string): Promise<void> {
    const status = await this.reader.keyStatus(keyId);
    if (status?.refused) this.refused.add(keyId);
    else this.refused.delete(keyId);
  }

  start(refreshMs: number): () => void {
    const timer = setInterval(() => {
      this.refresh().catch((error) => this.logger.warn({ err: error }, 'key status refresh failed'));
    }, refreshMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
