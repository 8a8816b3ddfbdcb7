import { compileRecordValidator, parseSchemaDefinition, type RecordValidator } from '@quarry/schema';
import type { CatalogReader, DatasetTarget } from '../catalog-reader.ts';
import { type BatchTranscoder, compileBatchTranscoder } from './batch-bytes.ts';

/** The control API publishes a dataset's id here once its schema, a new version or its deletion is committed. */
export const DATASET_SCHEMA_CHANNEL = 'quarry:datasets:schema';

export interface IngestTarget {
  datasetId: number;
  projectId: number;
  /** The schema version the validator was compiled for: a re-read of the same version keeps it. */
  schemaVersion: number;
  validate: RecordValidator;
  /** The batch fast path: rows copied from the body's bytes when it can vouch for them. */
  transcode: BatchTranscoder;
  /** Set when the stored schema breaks today's rules: every request is refused with it. */
  unusable?: string;
}

/** What a request for a dataset whose stored schema cannot be compiled any more is told. */
export const unusableSchemaMessage = (reason: string) =>
  `Dataset schema cannot be used by this version of Quarry (${reason}); ask an operator`;

interface Miss {
  until: number;
}

interface Hit {
  target: IngestTarget;
  checkedAt: number;
}

/** How long a known dataset is trusted without a push before the catalog is read again, by default. */
export const DEFAULT_DATASET_REFRESH_MS = 10_000;

/**
 * Datasets the gateway can write to, with their validator compiled once per schema version. A push
 * names a dataset that changed (a schema registered, a version published, the dataset deleted): the
 * gateway forgets what it knew and reads the catalog at the next request. A push can be lost, so a
 * miss is forgotten after `missTtlMs`, and a hit is re-read in the background once it is older than
 * `hitTtlMs` (requests keep being served meanwhile; while the catalog is down, from what is known).
 */
export class DatasetCache {
  private readonly hits = new Map<string, Hit>();
  private readonly misses = new Map<string, Miss>();
  private readonly loading = new Map<string, Promise<IngestTarget | null>>();
  private readonly reader: CatalogReader;
  private readonly missTtlMs: number;
  private readonly hitTtlMs: number;
  // Bumped by every push: a read that started before a change must not record what it saw after it.
  private generation = 0;

  private readonly onUnusable: (datasetId: number, reason: string) => void;

  constructor(options: {
    reader: CatalogReader;
    missTtlMs: number;
    hitTtlMs?: number;
    /** Called once per dataset whose stored schema today's rules refuse. */
    onUnusable?: (datasetId: number, reason: string) => void;
  }) {
    this.reader = options.reader;
    this.missTtlMs = options.missTtlMs;
    this.hitTtlMs = options.hitTtlMs ?? DEFAULT_DATASET_REFRESH_MS;
    this.onUnusable = options.onUnusable ?? (() => undefined);
  }

  /** The dataset if it belongs to `projectId` and has a schema; null otherwise (same answer for both). */
  async byId(datasetId: number, projectId: number): Promise<IngestTarget | null> {
    const target = await this.lookup(`id:${datasetId}`, () => this.reader.dataset(datasetId));
    return target && target.projectId === projectId ? target : null;
  }

  defaultFor(projectId: number): Promise<IngestTarget | null> {
    return this.lookup(`default:${projectId}`, () => this.reader.defaultDataset(projectId));
  }

  /** A dataset changed: the next request for it reads the catalog again. */
  onDatasetChanged(datasetId: number): void {
    this.generation += 1;
    this.forget(`id:${datasetId}`);
    // The push names no project; a default dataset changes rarely enough to forget every default.
    for (const key of [...this.misses.keys(), ...this.loading.keys(), ...this.hits.keys()]) {
      if (key.startsWith('default:')) this.forget(key);
    }
  }

  private forget(key: string): void {
    this.hits.delete(key);
    this.misses.delete(key);
    this.loading.delete(key);
  }

  private async lookup(key: string, read: () => Promise<DatasetTarget | null>): Promise<IngestTarget | null> {
    const hit = this.hits.get(key);
    if (hit) {
      if (Date.now() - hit.checkedAt > this.hitTtlMs) this.revalidate(key, hit, read);
      return hit.target;
    }
    const generation = this.generation;
    const target = await this.load(key, read);
    if (target && generation === this.generation) this.hits.set(key, { target, checkedAt: Date.now() });
    return target;
  }

  /** A background re-read of a known dataset, in case a push was lost; the catalog down keeps the hit. */
  private revalidate(key: string, hit: Hit, read: () => Promise<DatasetTarget | null>): void {
    hit.checkedAt = Date.now();
    const generation = this.generation;
    read()
      .then((row) => {
        if (generation !== this.generation || this.hits.get(key) !== hit) return;
        if (!row?.schema) this.hits.delete(key);
        else if (row.schemaVersion !== hit.target.schemaVersion) this.hits.delete(key);
      })
      .catch(() => undefined);
  }

  /** Concurrent first requests for one dataset share a single catalog read. */
  private load(key: string, read: () => Promise<DatasetTarget | null>): Promise<IngestTarget | null> {
    const miss = this.misses.get(key);
    if (miss && miss.until > Date.now()) return Promise.resolve(null);
    let pending = this.loading.get(key);
    if (!pending) {
      const started = this.read(key, read);
      pending = started.finally(() => {
        if (this.loading.get(key) === pending) this.loading.delete(key);
      });
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async read(
    missKey: string,
    read: () => Promise<DatasetTarget | null>,
  ): Promise<IngestTarget | null> {
    const generation = this.generation;
    const row = await read();
    if (!row?.schema) {
      if (generation !== this.generation) return null;
      if (this.misses.size > 100_000) this.misses.clear();
      this.misses.set(missKey, { until: Date.now() + this.missTtlMs });
      return null;
    }
    this.misses.delete(missKey);
    const target = { datasetId: row.id, projectId: row.projectId, schemaVersion: row.schemaVersion };
    const parsed = parseSchemaDefinition(row.schema);
    if (!parsed.ok) {
      // Kept like any hit (a stored schema never changes): one log line, no catalog read per request.
      this.onUnusable(row.id, parsed.message);
      return {
        ...target,
        validate: refuseAll,
        transcode: () => undefined,
        unusable: unusableSchemaMessage(parsed.message),
      };
    }
    return {
      ...target,
      validate: compileRecordValidator(parsed.schema, row.addedFields),
      transcode: compileBatchTranscoder(parsed.schema, row.addedFields),
    };
  }
}

const refuseAll: RecordValidator = () => ({ ok: false, message: 'Dataset schema cannot be used' });
