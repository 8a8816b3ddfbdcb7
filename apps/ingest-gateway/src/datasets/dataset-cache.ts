import { compileRecordValidator, parseSchemaDefinition, type RecordValidator } from '@quarry/schema';
import type { CatalogReader, DatasetTarget } from '../catalog-reader.ts';

/** The control API publishes a dataset's id here once its schema is committed. */
export const DATASET_SCHEMA_CHANNEL = 'quarry:datasets:schema';

export interface IngestTarget {
  datasetId: number;
  projectId: number;
  validate: RecordValidator;
  /** Set when the stored schema breaks today's rules: every request is refused with it. */
  unusable?: string;
}

/** What a request for a dataset whose stored schema cannot be compiled any more is told. */
export const unusableSchemaMessage = (reason: string) =>
  `Dataset schema cannot be used by this version of Quarry (${reason}); ask an operator`;

interface Miss {
  until: number;
}

/**
 * Datasets the gateway can write to, with their validator compiled once. A registered schema never
 * changes, so a hit is kept for the life of the process. A miss (unknown, or no schema yet) is
 * forgotten when a registration is pushed, and otherwise after `missTtlMs` (a push can be lost).
 */
export class DatasetCache {
  private readonly hits = new Map<number, IngestTarget>();
  private readonly defaults = new Map<number, IngestTarget>();
  private readonly misses = new Map<string, Miss>();
  private readonly loading = new Map<string, Promise<IngestTarget | null>>();
  private readonly reader: CatalogReader;
  private readonly missTtlMs: number;
  // Bumped by every push: a read that started before a registration must not record a miss after it.
  private generation = 0;

  private readonly onUnusable: (datasetId: number, reason: string) => void;

  constructor(options: {
    reader: CatalogReader;
    missTtlMs: number;
    /** Called once per dataset whose stored schema today's rules refuse. */
    onUnusable?: (datasetId: number, reason: string) => void;
  }) {
    this.reader = options.reader;
    this.missTtlMs = options.missTtlMs;
    this.onUnusable = options.onUnusable ?? (() => undefined);
  }

  /** The dataset if it belongs to `projectId` and has a schema; null otherwise (same answer for both). */
  async byId(datasetId: number, projectId: number): Promise<IngestTarget | null> {
    const target =
      this.hits.get(datasetId) ?? (await this.load(`id:${datasetId}`, () => this.reader.dataset(datasetId)));
    if (target) this.hits.set(datasetId, target);
    return target && target.projectId === projectId ? target : null;
  }

  async defaultFor(projectId: number): Promise<IngestTarget | null> {
    const cached = this.defaults.get(projectId);
    if (cached) return cached;
    const target = await this.load(`default:${projectId}`, () => this.reader.defaultDataset(projectId));
    if (target) this.defaults.set(projectId, target);
    return target;
  }

  /** A schema was registered: the next request for that dataset reads the catalog again. */
  onSchemaRegistered(datasetId: number): void {
    this.generation += 1;
    this.misses.delete(`id:${datasetId}`);
    this.loading.delete(`id:${datasetId}`);
    // The push names no project; a default dataset's registration is rare enough to forget them all.
    for (const key of this.misses.keys()) if (key.startsWith('default:')) this.misses.delete(key);
    for (const key of this.loading.keys()) if (key.startsWith('default:')) this.loading.delete(key);
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
    const target = { datasetId: row.id, projectId: row.projectId };
    const parsed = parseSchemaDefinition(row.schema);
    if (!parsed.ok) {
      // Kept like any hit (a stored schema never changes): one log line, no catalog read per request.
      this.onUnusable(row.id, parsed.message);
      return { ...target, validate: refuseAll, unusable: unusableSchemaMessage(parsed.message) };
    }
    return { ...target, validate: compileRecordValidator(parsed.schema) };
  }
}

const refuseAll: RecordValidator = () => ({ ok: false, message: 'Dataset schema cannot be used' });
