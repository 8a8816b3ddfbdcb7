/** A record to publish. The key picks the partition, so records sharing a key keep their order. */
export interface OutgoingMessage {
  key: string;
  value: Buffer | string;
  headers?: Record<string, string>;
}

export interface BusMessage {
  /** 64-bit offset as a decimal string */
  offset: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  /** milliseconds since the epoch, set when the record was appended */
  timestamp: number;
}

export interface Batch {
  topic: string;
  partition: number;
  messages: BusMessage[];
  /** offset the next appended record will get: lag is highWatermark minus the committed offset */
  highWatermark: string;
  /**
   * Tells the group the consumer is alive while a batch takes long (retrying a failing dependency),
   * so it is not evicted; rejects with RebalanceError once the group moved on: stop the batch then.
   */
  heartbeat(): Promise<void>;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface PartitionLag extends TopicPartition {
  highWatermark: string;
  committedOffset: string;
  lag: number;
}

export interface ConsumerRunOptions {
  topics: string[];
  groupId: string;
  /**
   * Called with consecutive batches per partition. Resolving means "take the next batch", not "done":
   * only commit() makes progress durable, and anything uncommitted is delivered again after a restart
   * or a rebalance. A throw gets the same records delivered again.
   */
  eachBatch(batch: Batch): Promise<void>;
  /**
   * Records fetched for a partition, before eachBatch gets them (possibly while it still handles the
   * partition's previous batch): work on them can start early. The same `messages` array is the
   * batch's, if it is delivered at all.
   */
  onFetched?(topic: string, partition: number, messages: BusMessage[]): void;
  /** partitions now owned by this consumer; delivery starts after their committed offset */
  onPartitionsAssigned?(partitions: TopicPartition[]): void | Promise<void>;
  /** partitions no longer owned: drop what was buffered for them, it will be delivered again */
  onPartitionsRevoked?(partitions: TopicPartition[]): void | Promise<void>;
}

export interface Producer {
  /** Resolves once every message is durably acknowledged; rejects with BusUnavailableError or MessageTooLargeError. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /** Waits for sends in flight, then disconnects. */
  close(): Promise<void>;
}

export interface Consumer {
  /** Joins the group and starts delivering; resolves once delivery has started. */
  run(options: ConsumerRunOptions): Promise<void>;
  /** Records that everything before `nextOffset` is processed (Kafka's meaning of a committed offset). */
  commit(topic: string, partition: number, nextOffset: string): Promise<void>;
  /** Per owned partition, how far commits trail the log: for metrics. */
  lag(): PartitionLag[];
  /** Finishes the batch in flight, announces revocation and leaves the group. */
  stop(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Broker topic configs, e.g. `max.message.bytes`; the embedded bus ignores them. */
  config?: Record<string, string>;
}

export interface PartitionOffsets {
  partition: number;
  /** Offset the next appended record will get. */
  end: string;
  /** The group's committed offset (next to read), or null when it never committed. */
  committed: string | null;
}

export interface Admin {
  /** Per partition: where the log ends and, for `groupId`, where the group's commits stand (lag, replay). */
  offsets(topic: string, groupId?: string): Promise<PartitionOffsets[]>;
  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** Readiness: resolves when the bus answers a metadata request, rejects with BusUnavailableError. */
  ping(): Promise<void>;
}

export interface Bus {
  producer(): Producer;
  consumer(): Consumer;
  admin: Admin;
  /** Closes every producer and consumer made by this bus, then the bus itself. */
  close(): Promise<void>;
}
