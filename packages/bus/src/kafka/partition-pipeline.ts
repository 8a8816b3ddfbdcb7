import { RebalanceError } from '../errors.ts';
import type { Batch, BusMessage, TopicPartition } from '../types.ts';

/** Records fetched for one partition, waiting for that partition's worker. */
export interface Fetched {
  messages: BusMessage[];
  highWatermark: string;
}

export interface PipelineOwner {
  eachBatch(batch: Batch): Promise<void>;
  /** The pipeline can take records again: the fetcher should include it in its next fetch. */
  wantsRecords(): void;
  /** Records were fetched for this partition; they are delivered once the batch in hand ended. */
  fetched?(topic: string, partition: number, messages: BusMessage[]): void;
  /** A batch is handed to the caller (for lag). */
  delivering(batch: Batch): void;
  /** eachBatch threw: the batch is delivered again after `delayMs`. */
  failed(batch: Batch, error: unknown, delayMs: number): void;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

/**
 * One owned partition's own loop, so a partition whose batch cannot finish (a table being retried)
 * holds only itself while the fetcher serves the others. It keeps at most one batch in hand and, while
 * the partition is behind, one fetched ahead. It is valid for one assignment: revoke() fences it
 * (heartbeat() then rejects, no further batch is delivered), retire() lets the batch in hand finish
 * and delivers no other.
 */
export class PartitionPipeline implements TopicPartition {
  readonly topic: string;
  readonly partition: number;
  /** Where the next fetch starts; undefined until the committed offset is known, and while a failed batch waits. */
  position: bigint | undefined;
  /** Resolves once the loop ended: retired or revoked, with no batch in hand. */
  readonly done: Promise<void>;
  #owner: PipelineOwner;
  #ahead: Fetched | undefined;
  #revoked = false;
  #retired = false;
  #lastSignOfLife: number | null = null;
  /** A batch is in hand and the log held more records than it when it was fetched. */
  #behind = false;
  #started: (position: bigint) => void = () => {};
  #wake: () => void = () => {};

  constructor({ topic, partition }: TopicPartition, owner: PipelineOwner) {
    this.topic = topic;
    this.partition = partition;
    this.#owner = owner;
    const start = new Promise<bigint>((resolve) => {
      this.#started = resolve;
    });
    this.done = start.then((position) => this.#work(position));
  }

  get revoked(): boolean {
    return this.#revoked;
  }

  /** Starts delivery at `position` (the group's committed offset). */
  start(position: bigint): void {
    this.#started(position);
  }

  /**
   * Free to fetch: nothing fetched ahead, and no batch in hand unless the partition is behind. A
   * partition that has caught up fetches after its batch, so what arrived meanwhile comes as one
   * larger batch instead of a small one fetched early; one that is behind fetches ahead.
   */
  wantsRecords(): boolean {
    const free = !this.busy || this.#behind;
    return (
      free && !this.#revoked && !this.#retired && this.position !== undefined && this.#ahead === undefined
    );
  }

  /** Hands over records fetched from `from`; `next` is where the following fetch starts. */
  offer(from: bigint, fetched: Fetched, next: bigint): void {
    if (!this.wantsRecords() || from !== this.position) return; // fetched for a position given up since
    this.position = next;
    if (fetched.messages.length === 0) {
      this.#owner.wantsRecords(); // only control records or nothing new: fetch on
      return;
    }
    this.#ahead = fetched;
    this.#owner.fetched?.(this.topic, this.partition, fetched.messages);
    this.#wake();
  }

  /** The group took the partition away: the batch in hand must stop, nothing more is delivered. */
  revoke(): void {
    this.#revoked = true;
    this.retire();
  }

  /** Delivers nothing more; the batch in hand finishes. */
  retire(): void {
    this.#retired = true;
    this.#ahead = undefined;
    this.#started(-1n); // a pipeline that never started ends at once
    this.#wake();
  }

  /** A batch is in the caller's hands. */
  get busy(): boolean {
    return this.#lastSignOfLife !== null;
  }

  /** How long the batch in hand has shown no sign of life (a heartbeat() or its end); 0 without one. */
  silentForMs(now: number): number {
    return this.#lastSignOfLife === null ? 0 : now - this.#lastSignOfLife;
  }

  async #work(position: bigint): Promise<void> {
    if (this.#retired) return;
    this.position = position;
    this.#owner.wantsRecords();
    let failures = 0;
    for (;;) {
      const fetched = await this.#next();
      if (!fetched) return;
      const batch = this.#batch(fetched);
      this.#lastSignOfLife = Date.now();
      this.#behind = this.position !== undefined && BigInt(fetched.highWatermark) > this.position;
      this.#owner.delivering(batch);
      this.#owner.wantsRecords(); // behind: fetch the next batch while this one is handled
      try {
        await this.#owner.eachBatch(batch);
        failures = 0;
      } catch (error) {
        if (this.#revoked || this.#retired) return;
        // Delivered again from its first offset; what was fetched after it is dropped.
        const delayMs = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures++);
        this.#owner.failed(batch, error, delayMs);
        this.#ahead = undefined;
        this.position = undefined;
        await this.#pause(delayMs);
        if (this.#retired) return;
        this.position = BigInt(fetched.messages[0]?.offset ?? 0);
        this.#owner.wantsRecords();
      } finally {
        this.#lastSignOfLife = null;
        this.#owner.wantsRecords();
      }
    }
  }

  #batch({ messages, highWatermark }: Fetched): Batch {
    const { topic, partition } = this;
    return {
      topic,
      partition,
      messages,
      highWatermark,
      heartbeat: async () => {
        this.#lastSignOfLife = Date.now();
        if (this.#revoked) {
          throw new RebalanceError(`partition ${topic}/${partition} was assigned elsewhere`);
        }
      },
    };
  }

  /** The next fetched records, or undefined once retired. */
  async #next(): Promise<Fetched | undefined> {
    while (!this.#retired && !this.#ahead) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    const fetched = this.#ahead;
    this.#ahead = undefined;
    return this.#retired ? undefined : fetched;
  }

  async #pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
