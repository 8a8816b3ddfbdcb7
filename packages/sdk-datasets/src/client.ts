import { INGEST_MESSAGES } from '@quarry/schema';
import { flushOnExit } from '@quarry/sdk-runtime';
import { type BatchingOptions, DEFAULT_BATCHING } from './batcher.ts';
import { Dataset, type DatasetContext } from './dataset.ts';
import { QuarryError } from './errors.ts';
import { send, type Transport } from './http.ts';
import { type RetryOptions, retryPolicy } from './retry.ts';
import { type FieldType, type Schema, schemaDifferences } from './schema.ts';

export interface QuarryOptions {
  /** The control API, e.g. `http://localhost:8080`: datasets, schemas and queries (needs `pat`). */
  controlUrl: string;
  /** The ingest gateway, e.g. `http://localhost:8081`: records (needs `apiKey`). */
  ingestUrl: string;
  /** The project's slug. */
  project: string;
  /** Personal access token (`pat_…`) for the control API. */
  pat?: string;
  /** Project API key (`qk_…`) for ingest. */
  apiKey?: string;
  batching?: BatchingOptions;
  /** Retries of 429/502/503/504 and unanswered requests; `false` turns them off. */
  retry?: RetryOptions | false;
  /** Per request attempt. Default 60 s (a query may run 30 s on the server). */
  timeoutMs?: number;
  /** Called for every automatically batched request that failed for good. Default: `console.error`. */
  onError?: (error: QuarryError) => void;
  /** Flush buffered records on SIGTERM, SIGINT, `beforeExit` and a page's `pagehide`. Default true. */
  flushOnExit?: boolean;
  /** Gzip ingest bodies of 1 KiB or more (`'none'` to send plain). A 415 answer turns it off. Default `'gzip'`. */
  compression?: 'gzip' | 'none';
  fetch?: typeof fetch;
}

/** A dataset as the control API describes it (contract §1). */
export interface DatasetInfo {
  id: number;
  name: string;
  slug: string;
  description: string | null;
  schema: { fields: Record<string, FieldType> } | null;
  isDefault: boolean;
  status: 'pending_schema' | 'active';
}

export function createQuarry(options: QuarryOptions): Quarry {
  return new Quarry(options);
}

export class Quarry {
  private readonly options: QuarryOptions;
  private readonly transport: Transport;
  private readonly datasets = new Set<{ flush(): Promise<void>; pendingRecords(): number }>();
  private readonly context: DatasetContext;
  private closed = false;
  /** The page is going away: this flush's requests are `keepalive`, to outlive it. */
  private unloading = false;
  private leaveExitHooks: (() => void) | undefined;

  constructor(options: QuarryOptions) {
    this.options = options;
    this.transport = {
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      retry: retryPolicy(options.retry),
      timeoutMs: options.timeoutMs ?? 60_000,
      gzip: { enabled: options.compression !== 'none' },
    };
    this.context = {
      transport: this.transport,
      ingestUrl: trimSlash(options.ingestUrl),
      controlUrl: trimSlash(options.controlUrl),
      project: options.project,
      credential: (kind) => this.credential(kind),
      batching: { ...DEFAULT_BATCHING, ...options.batching },
      onError: options.onError ?? ((error) => console.error(`quarry: ${describe(error)}`)),
      isClosed: () => this.closed,
      isUnloading: () => this.unloading,
    };
  }

  /** Creates dataset metadata; the dataset takes records once its schema is registered. */
  async createDataset(input: { name: string; description?: string }): Promise<DatasetInfo> {
    return (await this.control<{ dataset: DatasetInfo }>('POST', '', input)).dataset;
  }

  /** Registers a dataset's schema (once: a second registration answers 409). */
  async registerSchema(datasetId: number, schema: Schema): Promise<DatasetInfo> {
    const path = `/${checkedId(datasetId)}/schema`;
    return (await this.control<{ dataset: DatasetInfo }>('POST', path, { fields: schema.fields })).dataset;
  }

  async getDataset(datasetId: number): Promise<DatasetInfo> {
    return (await this.control<{ dataset: DatasetInfo }>('GET', `/${checkedId(datasetId)}`)).dataset;
  }

  async listDatasets(): Promise<DatasetInfo[]> {
    return (await this.control<{ datasets: DatasetInfo[] }>('GET', '')).datasets;
  }

  /** A handle for ingesting into and querying a dataset registered with `schema`; it has its own batches. */
  dataset<S extends Schema>(datasetId: number, schema: S): Dataset<S> {
    const dataset = new Dataset(this.context, checkedId(datasetId), schema);
    this.datasets.add(dataset);
    if (this.leaveExitHooks === undefined && this.options.flushOnExit !== false) {
      this.leaveExitHooks = flushOnExit({
        flushForExit: ({ keepalive }) => {
          // Only this flush: a page restored from the back/forward cache goes on as before.
          this.unloading = keepalive;
          // Failures were already reported through onError.
          return this.flush()
            .catch(() => undefined)
            .finally(() => {
              this.unloading = false;
            });
        },
        pending: () => [...this.datasets].reduce((sum, each) => sum + each.pendingRecords(), 0),
      });
    }
    return dataset;
  }

  /**
   * Deploy-time set-up, safe to run on every start: finds the dataset by name or creates it, then
   * `ensureSchema`. Returns its handle.
   */
  async ensureDataset<S extends Schema>(input: {
    name: string;
    description?: string;
    schema: S;
  }): Promise<Dataset<S>> {
    const { name, description, schema } = input;
    const info = (await this.findDataset(name)) ?? (await this.createNamed(name, description));
    await this.ensureSchema(info.id, schema);
    return this.dataset(info.id, schema);
  }

  /**
   * Registers `schema` unless the dataset has one; if it has, checks it equals `schema` and
   * otherwise throws a QuarryError (409) naming every differing field. Idempotent.
   */
  async ensureSchema(datasetId: number, schema: Schema): Promise<DatasetInfo> {
    let info = await this.getDataset(datasetId);
    if (info.schema === null) {
      try {
        return await this.registerSchema(datasetId, schema);
      } catch (error) {
        if (!(error instanceof QuarryError && error.status === 409)) throw error;
        info = await this.getDataset(datasetId);
      }
    }
    const differences = schemaDifferences(info.schema?.fields ?? {}, schema.fields);
    if (differences.length > 0) {
      throw new QuarryError(
        `The registered schema of dataset ${datasetId} differs from the code's: ${differences.join('; ')}`,
        { status: 409, details: { differences } },
      );
    }
    return info;
  }

  private async createNamed(name: string, description: string | undefined): Promise<DatasetInfo> {
    try {
      return await this.createDataset(description === undefined ? { name } : { name, description });
    } catch (error) {
      // Two instances deploying at once: the one whose create lost the race finds the winner's.
      const created = await this.findDataset(name);
      if (created === undefined) throw error;
      return created;
    }
  }

  private async findDataset(name: string): Promise<DatasetInfo | undefined> {
    return (await this.listDatasets()).find((dataset) => dataset.name === name);
  }

  /** Sends every dataset's buffered records; rejects with the first failure since the last flush. */
  async flush(): Promise<void> {
    const results = await Promise.allSettled([...this.datasets].map((dataset) => dataset.flush()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Flushes, then refuses further `ingest` calls. */
  async close(): Promise<void> {
    this.closed = true;
    this.leaveExitHooks?.();
    await this.flush();
  }

  private control<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const project = encodeURIComponent(this.options.project);
    return send<T>(this.transport, {
      url: `${this.context.controlUrl}/api/datasets/${project}${path}`,
      method,
      token: this.credential('pat'),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // A create that got no answer may have happened: sending it again could make a second one.
      resendWithoutAnswer: method === 'GET',
    });
  }

  private credential(kind: 'apiKey' | 'pat'): string {
    const value = this.options[kind];
    if (!value) {
      const what = kind === 'pat' ? 'a personal access token (`pat`)' : 'a project API key (`apiKey`)';
      throw new QuarryError(`This call needs ${what} in createQuarry's options`);
    }
    return value;
  }
}

function checkedId(datasetId: number): number {
  if (!Number.isSafeInteger(datasetId) || datasetId <= 0) {
    throw new QuarryError(INGEST_MESSAGES.invalidDatasetId, { status: 400 });
  }
  return datasetId;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function describe(error: QuarryError): string {
  const status = error.status === undefined ? 'no answer' : `HTTP ${error.status}`;
  const lost = error.records === undefined ? '' : ` (${error.records} records not stored)`;
  return `${status}: ${error.message}${lost}`;
}
