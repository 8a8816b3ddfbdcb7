import type { LagTracker } from './lag-tracker.ts';
import type { ConsumerRunOptions, TopicPartition } from './types.ts';

/**
 * Runs the caller's rebalance hooks one at a time and in order, and lets batch delivery wait for them,
 * so no batch of a new assignment arrives before onPartitionsAssigned has finished.
 */
export class PartitionHooks {
  #options: ConsumerRunOptions;
  #lag: LagTracker;
  #held: TopicPartition[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(options: ConsumerRunOptions, lag: LagTracker) {
    this.#options = options;
    this.#lag = lag;
  }

  replaceAssignment(assigned: TopicPartition[]): Promise<void> {
    const revoked = this.#held;
    this.#held = assigned;
    return this.#enqueue(async () => {
      if (revoked.length > 0) await this.#options.onPartitionsRevoked?.(revoked);
      this.#lag.assign(assigned);
      if (assigned.length > 0) await this.#options.onPartitionsAssigned?.(assigned);
    });
  }

  revokeAll(): Promise<void> {
    return this.replaceAssignment([]);
  }

  settled(): Promise<void> {
    return this.#queue;
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    // A failing hook must not wedge delivery forever; it surfaces as a process warning instead.
    this.#queue = this.#queue.then(step).catch((error: unknown) => {
      process.emitWarning(`bus: a partition hook failed: ${error instanceof Error ? error.stack : error}`);
    });
    return this.#queue;
  }
}
