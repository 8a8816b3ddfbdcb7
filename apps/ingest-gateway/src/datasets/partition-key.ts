import { datasetMessageKey } from '@quarry/pipeline';

/** When one dataset's messages stop sharing one key (docs/pipeline.md, "Partitioning"). */
export interface HotDatasetSettings {
  /** Records per second one dataset may send through this replica before it overflows. */
  recordsPerSecond: number;
  /** Records a dataset may send at once before the rate applies (the token bucket's size). */
  burstRecords: number;
  /** Keys a hot dataset's messages spread over, its ordinary key among them; 1 turns overflow off. */
  keys: number;
  /** A dataset stays hot this long after its last request over the rate, so it does not flap. */
  holdMs: number;
  /** Datasets tracked at once; past it the least recently seen is forgotten (it starts afresh). */
  maxTracked: number;
  /** Datasets an operator pinned as hot: they overflow from their first request. */
  forced?: ReadonlySet<number>;
}

export const DEFAULT_HOT_DATASETS: HotDatasetSettings = {
  recordsPerSecond: 10_000,
  burstRecords: 20_000,
  keys: 8,
  holdMs: 60_000,
  maxTracked: 10_000,
};

interface Bucket {
  tokens: number;
  refilledAt: number;
  hotUntil: number;
  /** Round-robin position among the keys for messages without an id. */
  turn: number;
}

/**
 * Chooses the Kafka key of a dataset message. An ordinary dataset keeps `dataset:<id>`, so its
 * messages stay in one partition, in order. A dataset over `recordsPerSecond` on this replica (a token
 * bucket per dataset) is hot: its messages take `keys` keys in turn (`dataset:<id>`, `dataset:<id>:1`,
 * …), so its records spread over several partitions and writers. A message with an id (an
 * Idempotency-Key) takes the key its id picks, so every copy of a request lands in one partition.
 */
export class DatasetPartitionKeys {
  private readonly buckets = new Map<number, Bucket>();
  /** The dataset touched last, already last in `buckets`. */
  private newest: number | undefined;
  private readonly settings: HotDatasetSettings;
  private readonly now: () => number;
  private readonly onHot: (datasetId: number) => void;

  /** `onHot` is told when a dataset starts to spread (once per episode), for the operator's log. */
  constructor(
    settings: HotDatasetSettings,
    options: { now?: () => number; onHot?: (datasetId: number) => void } = {},
  ) {
    this.settings = settings;
    this.now = options.now ?? Date.now;
    this.onHot = options.onHot ?? (() => undefined);
  }

  keyFor(datasetId: number, records: number, messageId?: string): string {
    const { keys } = this.settings;
    if (keys <= 1) return datasetMessageKey(datasetId);
    const bucket = this.observe(datasetId, records);
    if (bucket === null) return datasetMessageKey(datasetId);
    const slot = messageId === undefined ? bucket.turn++ % keys : hashOf(messageId) % keys;
    return slot === 0 ? datasetMessageKey(datasetId) : `${datasetMessageKey(datasetId)}:${slot}`;
  }

  /** How many datasets are tracked now (bounded by `maxTracked`). */
  get tracked(): number {
    return this.buckets.size;
  }

  /** Charges `records` to the dataset's bucket; its bucket when the dataset is hot, else null. */
  private observe(datasetId: number, records: number): Bucket | null {
    const { recordsPerSecond, burstRecords, holdMs, forced } = this.settings;
    const now = this.now();
    const bucket = this.touch(datasetId, now);
    const refill = ((now - bucket.refilledAt) * recordsPerSecond) / 1000;
    bucket.tokens = Math.min(burstRecords, bucket.tokens + refill);
    bucket.refilledAt = now;
    if (bucket.tokens >= records) bucket.tokens -= records;
    else {
      if (now >= bucket.hotUntil) this.onHot(datasetId);
      bucket.hotUntil = now + holdMs;
    }
    return now < bucket.hotUntil || forced?.has(datasetId) ? bucket : null;
  }

  // A Map iterates in insertion order: re-inserting on use keeps the least recently seen dataset
  // first, which is the one dropped when a tenant's many datasets pass the cap. The dataset used last
  // is not re-inserted: a long-lived Map's delete allocates its new, smaller table in the old
  // generation (one per request when a single dataset is busy), garbage that only a full collection
  // frees and that keeps the young objects its entries pointed to alive until then.
  private touch(datasetId: number, now: number): Bucket {
    const known = this.buckets.get(datasetId);
    if (known && datasetId === this.newest) return known;
    this.newest = datasetId;
    if (known) this.buckets.delete(datasetId);
    const bucket = known ?? { tokens: this.settings.burstRecords, refilledAt: now, hotUntil: 0, turn: 0 };
    this.buckets.set(datasetId, bucket);
    if (this.buckets.size > this.settings.maxTracked) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    return bucket;
  }
}

/** FNV-1a: cheap and stable across replicas, so every gateway sends one id's copies to one key. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
