import {
  type BaseOptions,
  findErrorBy,
  type GroupAssignment,
  Consumer as KafkaConsumer,
  ListOffsetTimestamps,
} from '@platformatic/kafka';
import { RebalanceError } from '../errors.ts';
import { LagTracker } from '../lag-tracker.ts';
import { PartitionHooks } from '../partition-hooks.ts';
import type { Batch, Consumer, ConsumerRunOptions, TopicPartition } from '../types.ts';
import { type FetchTuning, fetchRound } from './fetch-records.ts';
import type { KafkaLogEntry } from './kafka-bus.ts';
import { describeChain, toBusError } from './kafka-errors.ts';
import { PartitionPipeline } from './partition-pipeline.ts';

export interface KafkaConsumerTuning extends FetchTuning {
  /**
   * How long the group waits for a silent member before reassigning its partitions; also how long a
   * batch may go without a sign of life (a heartbeat() or its end) before this member steps out.
   */
  sessionTimeoutMs: number;
}

/** A group member with manual commits: only commit() stores progress. */
export function createKafkaConsumer(
  options: BaseOptions,
  tuning: KafkaConsumerTuning,
  log?: (entry: KafkaLogEntry) => void,
): Consumer {
  const lag = new LagTracker();
  let member: GroupMember | undefined;

  return {
    async run(runOptions) {
      if (member) throw new Error('this consumer is already running');
      const joining = new GroupMember(options, tuning, runOptions, lag, log);
      member = joining;
      try {
        await joining.join();
      } catch (error) {
        member = undefined;
        await joining.stop().catch(() => undefined);
        throw toBusError(error);
      }
    },

    async commit(topic, partition, nextOffset) {
      if (!member) throw new Error('commit() needs a running consumer');
      await member.commit(topic, partition, BigInt(nextOffset));
      lag.observeCommit(topic, partition, nextOffset);
    },

    lag: () => lag.snapshot(),

    async stop() {
      const stopping = member;
      member = undefined;
      await stopping?.stop();
    },
  };
}

const key = ({ topic, partition }: TopicPartition) => `${topic}:${partition}`;
const EARLIEST = ListOffsetTimestamps.EARLIEST;
const BUSY_ROUND_WAIT_MS = 50;

// The client's typings list leaveGroup's callback form first, which hides the promise it returns.
const leaveGroup = (member: KafkaConsumer) =>
  new Promise<void>((resolve, reject) => {
    member.leaveGroup(false, (error) => (error ? reject(error) : resolve()));
  });

/**
 * One run of the consumer: @platformatic/kafka keeps the group membership (it heartbeats in the
 * background and rejoins on its own); this class fetches and delivers each owned partition in its
 * own pipeline. Every assignment replaces the previous one as a whole (revoke all, assign all,
 * start from the committed offsets), the way the writer's hooks and ledger expect.
 */
class GroupMember {
  #member: KafkaConsumer;
  #tuning: KafkaConsumerTuning;
  #options: ConsumerRunOptions;
  #lag: LagTracker;
  #log: ((entry: KafkaLogEntry) => void) | undefined;
  #hooks: PartitionHooks;
  #pipelines = new Map<string, PartitionPipeline>();
  /** Every pipeline whose loop has not ended, revoked ones with a batch still in hand included. */
  #live = new Set<PartitionPipeline>();
  #closing = false;
  /** set while this member is out of the group and joining again (stepped out, or lost its membership) */
  #rejoining = false;
  #wakeFetcher: () => void = () => {};
  #fetcher: Promise<void> = Promise.resolve();
  #watchdog: NodeJS.Timeout | undefined;

  constructor(
    options: BaseOptions,
    tuning: KafkaConsumerTuning,
    runOptions: ConsumerRunOptions,
    lag: LagTracker,
    log?: (entry: KafkaLogEntry) => void,
  ) {
    this.#tuning = tuning;
    this.#options = runOptions;
    this.#lag = lag;
    this.#log = log;
    this.#hooks = new PartitionHooks(runOptions, lag);
    this.#member = new KafkaConsumer({
      ...options,
      groupId: runOptions.groupId,
      autocommit: false,
      ...this.#groupOptions(),
    });
    this.#member.on('consumer:group:join', ({ assignments }) => this.#assign(assignments ?? []));
    // The client rejoins on its own after a rebalance; when that fails (the broker went away, or held the
    // join past the request timeout while waiting for a stalled member) it emits 'error' and stops
    // heartbeating. Unheard, that event would end the process; this member keeps trying instead.
    this.#member.on('error', (error: unknown) => this.#membershipLost(error));
  }

  async join(): Promise<void> {
    this.#member.topics.trackAll(...this.#options.topics);
    await this.#member.joinGroup(this.#groupOptions());
    this.#fetcher = this.#fetchLoop();
    this.#watchdog = setInterval(() => this.#stepOutIfHung(), 1_000);
    this.#watchdog.unref();
  }

  async commit(topic: string, partition: number, nextOffset: bigint): Promise<void> {
    const pipeline = this.#pipelines.get(key({ topic, partition }));
    if (!pipeline || pipeline.revoked) {
      throw new RebalanceError(`partition ${topic}/${partition} is no longer assigned to this consumer`);
    }
    try {
      await this.#member.commit({ offsets: [{ topic, partition, offset: nextOffset, leaderEpoch: -1 }] });
    } catch (error) {
      throw toBusError(error, topic);
    }
  }

  /**
   * Lets the batches in hand finish, a revoked assignment's included (the caller closes what they
   * write to once this resolves), announces revocation, leaves the group.
   */
  async stop(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#watchdog);
    const pipelines = [...this.#live];
    for (const pipeline of pipelines) pipeline.retire();
    const inHand = pipelines.filter((pipeline) => pipeline.busy).length;
    if (inHand > 0) this.#info(`stopping: waits for ${inHand} batch(es) in hand to end`);
    this.#wakeFetcher();
    await this.#fetcher;
    await Promise.all(pipelines.map((pipeline) => pipeline.done));
    this.#pipelines = new Map();
    await leaveGroup(this.#member).catch(() => undefined);
    await this.#member.close().catch(() => undefined);
    await this.#hooks.revokeAll();
  }

  #groupOptions() {
    const sessionTimeout = this.#tuning.sessionTimeoutMs;
    return {
      sessionTimeout,
      heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
      // Members rejoin from the background, so a rebalance waits only for one that stopped answering.
      rebalanceTimeout: sessionTimeout * 2,
    };
  }

  #assign(assignments: GroupAssignment[]): void {
    if (this.#closing) return;
    const assigned = assignments.flatMap(({ topic, partitions }) =>
      partitions.map((partition) => ({ topic, partition })),
    );
    const previous = this.#pipelines;
    for (const pipeline of previous.values()) pipeline.revoke();
    const current = new Map(assigned.map((partition) => [key(partition), this.#pipeline(partition)]));
    this.#pipelines = current;
    const hooksDone = this.#hooks.replaceAssignment(assigned);
    for (const [name, pipeline] of current) {
      const earlier = this.#earlierPipelines(pipeline);
      if (earlier.some((other) => other.busy)) {
        this.#info(`partition ${name} assigned again: it starts once its batch in hand has ended`);
      }
      void Promise.all([hooksDone, ...earlier.map((other) => other.done)])
        .then(() => this.#startAtCommitted(pipeline, current))
        .catch((error: unknown) => this.#warn(`partition ${name} could not start`, error));
    }
  }

  /**
   * This process's other pipelines of the same partition whose loop has not ended. Not only the last
   * assignment's: that one may not have held the partition, or never started (it ended at once), while
   * a batch of an earlier one is still in hand, and two batches of one partition must never overlap.
   */
  #earlierPipelines(pipeline: PartitionPipeline): PartitionPipeline[] {
    const name = key(pipeline);
    return [...this.#live].filter((other) => other !== pipeline && key(other) === name);
  }

  #pipeline(partition: TopicPartition): PartitionPipeline {
    const pipeline = new PartitionPipeline(partition, this.#owner());
    this.#live.add(pipeline);
    void pipeline.done.finally(() => this.#live.delete(pipeline));
    return pipeline;
  }

  #owner() {
    return {
      eachBatch: this.#options.eachBatch,
      fetched: this.#options.onFetched,
      wantsRecords: () => this.#wakeFetcher(),
      delivering: ({ topic, partition, messages, highWatermark }: Batch) =>
        this.#lag.observeBatch(topic, partition, messages[0]?.offset ?? '0', highWatermark),
      failed: ({ topic, partition }: TopicPartition, error: unknown, delayMs: number) =>
        this.#warn(`batch of ${topic}/${partition} failed, delivered again in ${delayMs} ms`, error),
    };
  }

  /** Starts a pipeline at the group's committed offset (the log's start when it never committed). */
  async #startAtCommitted(pipeline: PartitionPipeline, assignment: Map<string, PartitionPipeline>) {
    const { topic, partition } = pipeline;
    for (let attempt = 0; ; attempt++) {
      if (this.#closing || this.#pipelines !== assignment) return;
      try {
        const committed = await this.#member.listCommittedOffsets({
          topics: [{ topic, partitions: [partition] }],
        });
        const position = committed.get(topic)?.[partition] ?? -1n;
        pipeline.start(position >= 0n ? position : await this.#logStart(pipeline));
        return;
      } catch (error) {
        this.#warn(`cannot read the committed offset of ${topic}/${partition}`, error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
      }
    }
  }

  async #logStart({ topic, partition }: TopicPartition): Promise<bigint> {
    const earliest = await this.#member.listOffsets({
      topics: [topic],
      partitions: { [topic]: [partition] },
      timestamp: EARLIEST,
    });
    return earliest.get(topic)?.[partition] ?? 0n;
  }

  /**
   * The records at a pipeline's position were deleted by retention before the group consumed them:
   * nothing can bring them back, so it goes on where the log now starts (the warning above says so).
   */
  async #skipToLogStart(pipelines: PartitionPipeline[]): Promise<void> {
    for (const pipeline of pipelines) {
      const start = await this.#logStart(pipeline);
      if (pipeline.wantsRecords() && pipeline.position !== undefined && pipeline.position < start) {
        pipeline.position = start;
      }
    }
  }

  /** Fetches for every pipeline that wants records; waits when none does. */
  async #fetchLoop(): Promise<void> {
    for (let failures = 0; !this.#closing; ) {
      const wanting = [...this.#pipelines.values()].filter((pipeline) => pipeline.wantsRecords());
      if (wanting.length === 0) {
        await this.#idle();
        continue;
      }
      try {
        // While a batch is in hand its partition may want records any moment, and the broker answers
        // one request per connection at a time: a round without it must not hold it up for long.
        const busy = [...this.#pipelines.values()].some((pipeline) => pipeline.busy);
        const maxWaitTimeMs = busy
          ? Math.min(BUSY_ROUND_WAIT_MS, this.#tuning.maxWaitTimeMs)
          : this.#tuning.maxWaitTimeMs;
        await fetchRound(this.#member, wanting, { ...this.#tuning, maxWaitTimeMs });
        failures = 0;
      } catch (error) {
        if (this.#closing) return;
        this.#warn('fetch failed', error);
        if (findErrorBy(error as Error, 'apiId', 'OFFSET_OUT_OF_RANGE')) {
          await this.#skipToLogStart(wanting).catch((failure: unknown) =>
            this.#warn('fetch failed', failure),
          );
        }
        this.#member.clearMetadata();
        await this.#idle(Math.min(5_000, 100 * 2 ** ++failures));
      }
    }
  }

  #idle(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      this.#wakeFetcher = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * A batch silent for longer than the session timeout is stuck in one call (a hung connection, a
   * stalled process): like the Java client past max.poll.interval.ms, this member leaves the group so
   * its partitions move on, and joins again once that batch ended.
   */
  #stepOutIfHung(): void {
    const now = Date.now();
    // A revoked pipeline's batch counts too: its partition, assigned here again, waits for it.
    const hung = [...this.#live].some(
      (pipeline) => pipeline.silentForMs(now) > this.#tuning.sessionTimeoutMs,
    );
    if (!hung || this.#rejoining || this.#closing) return;
    this.#warn('a batch showed no sign of life for longer than the session timeout: leaving the group');
    this.#leaveAndRejoin({ leave: true });
  }

  /** The client gave up rejoining after a rebalance: nothing is owned any more until a join succeeds. */
  #membershipLost(error: unknown): void {
    if (this.#rejoining || this.#closing) return;
    this.#warn('lost the group membership, joining again', error);
    this.#leaveAndRejoin({ leave: false });
  }

  /**
   * Revokes every partition, waits for the batches in hand, then joins until it succeeds or the
   * consumer stops (backing off up to 5 s): a member never sits outside its group while it runs.
   */
  #leaveAndRejoin({ leave }: { leave: boolean }): void {
    this.#rejoining = true;
    const pipelines = [...this.#live];
    for (const pipeline of pipelines) pipeline.revoke();
    this.#pipelines = new Map();
    void (async () => {
      await this.#hooks.revokeAll();
      if (leave) {
        await leaveGroup(this.#member).catch((error: unknown) =>
          this.#warn('leaving the group failed', error),
        );
      }
      await Promise.all(pipelines.map((pipeline) => pipeline.done));
      for (let attempt = 0; !this.#closing; attempt++) {
        try {
          await this.#member.joinGroup(this.#groupOptions());
          break;
        } catch (error) {
          this.#warn('joining the group again failed', error);
          await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
        }
      }
      this.#rejoining = false;
    })();
  }

  #info(message: string): void {
    this.#emit('info', message);
  }

  #warn(message: string, error?: unknown): void {
    this.#emit('warn', error === undefined ? message : `${message}: ${describeChain(error)}`);
  }

  #emit(level: 'info' | 'warn', message: string): void {
    this.#log?.({ level, namespace: 'consumer', message, extra: { groupId: this.#options.groupId } });
  }
}
