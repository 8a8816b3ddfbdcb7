import { ingestKeyLastUseKey } from '@quarry/contract';
import type { Logger } from '@quarry/observability';
import type { GatewayCounters } from '../services.ts';

/** Last use outlives any sensible audit glance, and an unused key's entry goes away on its own. */
const LAST_USE_TTL_SECONDS = 90 * 24 * 3600;

/**
 * When each ingest key was last accepted: noted in memory per request, written to the counters in
 * one pass per interval (one SET per key used meanwhile), so a busy key costs nothing per request.
 */
export class KeyLastUse {
  private pending = new Map<string, Date>();
  private readonly counters: Pick<GatewayCounters, 'set'>;
  private readonly logger: Logger;

  constructor(options: { counters: Pick<GatewayCounters, 'set'>; logger: Logger }) {
    this.counters = options.counters;
    this.logger = options.logger;
  }

  note(keyId: string): void {
    this.pending.set(keyId, new Date());
  }

  async flush(): Promise<void> {
    const entries = [...this.pending];
    this.pending = new Map();
    await Promise.all(
      entries.map(([keyId, at]) =>
        this.counters.set(ingestKeyLastUseKey(keyId), at.toISOString(), LAST_USE_TTL_SECONDS),
      ),
    );
  }

  start(intervalMs: number): () => void {
    const timer = setInterval(() => {
      this.flush().catch((error) => this.logger.warn({ err: error }, 'ingest key last use not recorded'));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
