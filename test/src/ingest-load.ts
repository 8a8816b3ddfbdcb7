import type { TestDataset } from './pipeline.ts';
import type { ServiceProcess } from './service-process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type LoadOutcome = { status: number; retryAfter: string | null } | { error: string };

/**
 * Clients sending dataset batches to whichever gateways are in `targets` (the Service's endpoints),
 * each batch with fresh `seq` values (0, 1, 2, …), retrying a 503 that carries Retry-After; anything
 * else is a failure. One of them stays on `pinned` while it is set, like a keep-alive connection
 * through a ClusterIP that endpoint changes do not move; a connection error there sends it back to
 * `targets` with the same batch.
 */
export class IngestLoad {
  targets: ServiceProcess[] = [];
  pinned: ServiceProcess | undefined;
  accepted = 0;
  retried = 0;
  failures: string[] = [];
  /** Connection errors the pinned client met (and retried elsewhere). */
  pinnedErrors: string[] = [];
  /** Requests sent to a gateway and not answered yet. */
  readonly inFlight = new Map<ServiceProcess, Set<Promise<LoadOutcome>>>();
  private next = 0;
  private turn = 0;
  private stopped = false;
  private senders: Promise<void>[] = [];

  private readonly dataset: TestDataset;
  private readonly senderCount: number;
  private readonly perBatch: number;

  constructor(dataset: TestDataset, options: { senders?: number; perBatch?: number } = {}) {
    this.dataset = dataset;
    this.senderCount = options.senders ?? 8;
    this.perBatch = options.perBatch ?? 50;
  }

  start(): void {
    this.senders = Array.from({ length: this.senderCount }, (_, index) => this.sender(index === 0));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.senders);
  }

  private async sender(pinnable: boolean): Promise<void> {
    while (!this.stopped) {
      const first = this.next;
      this.next += this.perBatch;
      const body = JSON.stringify(
        Array.from({ length: this.perBatch }, (_, index) => ({
          timestamp: new Date(Date.UTC(2026, 5, 10) + first + index).toISOString(),
          context: {},
          seq: first + index,
        })),
      );
      for (;;) {
        const pinned = pinnable ? this.pinned : undefined;
        const target = pinned ?? this.targets[this.turn++ % this.targets.length];
        if (!target) throw new Error('no gateway to send to');
        const outcome = await this.post(target, body);
        if ('status' in outcome && outcome.status === 202) {
          this.accepted += this.perBatch;
          break;
        }
        if ('status' in outcome && outcome.status === 503 && outcome.retryAfter) {
          this.retried++;
          await sleep(50); // a client honours Retry-After; the test keeps it short
          continue;
        }
        if (pinned && 'error' in outcome) {
          this.pinnedErrors.push(outcome.error);
          this.pinned = undefined;
          continue;
        }
        this.failures.push(`seq ${first}: ${JSON.stringify(outcome)}`);
        break;
      }
      await sleep(10);
    }
  }

  private post(target: ServiceProcess, body: string): Promise<LoadOutcome> {
    const pending = fetch(`${target.url}/datasets/${this.dataset.datasetId}/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.dataset.apiKey}`, 'content-type': 'application/json' },
      body,
    }).then(
      async (response): Promise<LoadOutcome> => {
        await response.arrayBuffer();
        return { status: response.status, retryAfter: response.headers.get('retry-after') };
      },
      (error: Error & { cause?: { code?: string; message?: string } }) => ({
        error: error.cause?.code ?? error.cause?.message ?? error.message,
      }),
    );
    const set = this.inFlight.get(target) ?? new Set();
    this.inFlight.set(target, set);
    set.add(pending);
    void pending.then(() => set.delete(pending));
    for (const waiter of [...this.waiters]) {
      if ((this.inFlight.get(waiter.target)?.size ?? 0) >= waiter.count) {
        this.waiters.delete(waiter);
        waiter.resolve([...(this.inFlight.get(waiter.target) ?? [])]);
      }
    }
    return pending;
  }

  /** Resolves with the requests in flight to `target` as soon as there are at least `count` of them. */
  whenInFlight(target: ServiceProcess, count: number): Promise<Promise<LoadOutcome>[]> {
    const now = this.inFlight.get(target);
    if ((now?.size ?? 0) >= count) return Promise.resolve([...(now ?? [])]);
    return new Promise((resolve) => this.waiters.add({ target, count, resolve }));
  }

  private readonly waiters = new Set<{
    target: ServiceProcess;
    count: number;
    resolve: (requests: Promise<LoadOutcome>[]) => void;
  }>();
}
