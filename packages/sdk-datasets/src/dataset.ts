import { Batcher, type BatchingOptions } from './batcher.ts';
import { QuarryError } from './errors.ts';
import { type Call, send, type Transport } from './http.ts';
import type { Query, QueryResult, RowOf } from './query-types.ts';
import { RecordEncoder } from './records.ts';
import type { RecordOf, Schema } from './schema.ts';

/** What a dataset handle needs from its client. */
export interface DatasetContext {
  transport: Transport;
  ingestUrl: string;
  controlUrl: string;
  project: string;
  credential(kind: 'apiKey' | 'pat'): string;
  batching: Required<BatchingOptions>;
  onError: (error: QuarryError) => void;
  isClosed(): boolean;
  isUnloading(): boolean;
}

/** A dataset with a registered schema: typed ingest (now or batched) and typed queries. */
export class Dataset<S extends Schema> {
  readonly id: number;
  readonly schema: S;
  private readonly context: DatasetContext;
  private readonly encoder: RecordEncoder;
  private readonly batcher: Batcher;

  constructor(context: DatasetContext, id: number, schema: S) {
    this.context = context;
    this.id = id;
    this.schema = schema;
    this.encoder = new RecordEncoder(schema);
    this.batcher = new Batcher(
      context.batching,
      (body, records) => this.post(`/datasets/${id}/batch`, body, records),
      context.onError,
    );
  }

  /** Sends one record now (`POST /datasets/:id`); resolves once the gateway queued it durably. */
  async send(record: RecordOf<S>): Promise<void> {
    await this.post(`/datasets/${this.id}`, this.encoder.encode(record), 1);
  }

  /** Sends records now as one all-or-nothing batch (`POST /datasets/:id/batch`). */
  async sendBatch(records: readonly RecordOf<S>[]): Promise<void> {
    await this.post(`/datasets/${this.id}/batch`, this.encoder.encodeBatch(records), records.length);
  }

  /**
   * Buffers a record for automatic batching. An invalid record throws here, with the server's
   * message, so it never sinks a batch of valid ones. Delivery failures go to `onError` and `flush()`.
   */
  ingest(record: RecordOf<S>): void {
    if (this.context.isClosed()) throw new QuarryError('The Quarry client is closed');
    this.batcher.add(this.encoder.encode(record));
  }

  /** Records buffered or in flight. */
  pendingRecords(): number {
    return this.batcher.queuedRecords;
  }

  /** Sends every buffered record and waits for all batches in flight. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** One page of a query, its rows typed from `select` and `groupBy`. */
  query<const Q extends Query<S>>(query: Q): Promise<QueryResult<RowOf<S, Q>>> {
    return this.runQuery(query);
  }

  /** Every page of a query, following `nextCursor` (`limit` sets the page size). */
  async *pages<const Q extends Query<S>>(query: Q): AsyncGenerator<RowOf<S, Q>[], void, undefined> {
    let page = await this.runQuery<RowOf<S, Q>>(query);
    yield page.rows;
    const { offset: _offset, cursor: _cursor, ...rest } = query;
    while (page.nextCursor !== undefined) {
      page = await this.runQuery<RowOf<S, Q>>({ ...rest, cursor: page.nextCursor });
      yield page.rows;
    }
  }

  private runQuery<Row>(query: Query<S>): Promise<QueryResult<Row>> {
    const { controlUrl, project, transport } = this.context;
    return send<QueryResult<Row>>(transport, {
      url: `${controlUrl}/api/datasets/${encodeURIComponent(project)}/${this.id}/query`,
      method: 'POST',
      token: this.context.credential('pat'),
      body: JSON.stringify(query),
      resendWithoutAnswer: true,
    });
  }

  private async post(path: string, body: string, records: number): Promise<void> {
    const call: Call = {
      url: `${this.context.ingestUrl}${path}`,
      method: 'POST',
      token: this.context.credential('apiKey'),
      body,
      // One key per batch, kept across its retries: the gateway stores a repeated batch once.
      headers: { 'idempotency-key': crypto.randomUUID() },
      resendWithoutAnswer: true,
      retryGatewayTimeout: true,
      records,
      compress: true,
      keepalive: this.context.isUnloading(),
    };
    await send(this.context.transport, call);
  }
}
