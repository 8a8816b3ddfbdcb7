import { Counter, Gauge, Histogram, type Registry } from '@quarry/observability';

export interface WriterMetrics {
  rows: Counter<'table_kind'>;
  batchRows: Histogram;
  insertSeconds: Histogram;
  deadLetters: Counter;
  quarantined: Counter;
  retries: Counter;
  lag: Gauge<'topic' | 'partition'>;
  deliveries: Counter<'destination' | 'outcome'>;
  deliveredEvents: Counter<'destination'>;
  deliverySeconds: Histogram<'destination'>;
}

export function createWriterMetrics(registry: Registry): WriterMetrics {
  const registers = [registry];
  return {
    rows: new Counter({
      name: 'quarry_writer_rows_total',
      help: 'Rows stored in the warehouse',
      labelNames: ['table_kind'] as const,
      registers,
    }),
    batchRows: new Histogram({
      name: 'quarry_writer_batch_rows',
      help: 'Rows per fetched batch',
      buckets: [1, 10, 100, 1_000, 10_000, 50_000, 100_000, 500_000],
      registers,
    }),
    insertSeconds: new Histogram({
      name: 'quarry_writer_batch_seconds',
      help: 'Time to store a fetched batch (inserts, dead letters and commit)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    deadLetters: new Counter({
      name: 'quarry_writer_dead_letters_total',
      help: 'Messages sent to the dead-letter topic',
      registers,
    }),
    quarantined: new Counter({
      name: 'quarry_writer_quarantined_total',
      help: "Records the warehouse refused, kept in their dataset's quarantine",
      registers,
    }),
    retries: new Counter({
      name: 'quarry_writer_retries_total',
      help: 'Retried warehouse or bus operations',
      registers,
    }),
    lag: new Gauge({
      name: 'quarry_writer_consumer_lag',
      help: 'Messages between the committed offset and the end of the partition',
      labelNames: ['topic', 'partition'] as const,
      registers,
    }),
    deliveries: new Counter({
      name: 'quarry_writer_log_deliveries_total',
      help: 'Log delivery attempts to webhook and direct database destinations, by outcome',
      labelNames: ['destination', 'outcome'] as const,
      registers,
    }),
    deliveredEvents: new Counter({
      name: 'quarry_writer_log_delivered_events_total',
      help: 'Log events delivered to webhook and direct database destinations',
      labelNames: ['destination'] as const,
      registers,
    }),
    deliverySeconds: new Histogram({
      name: 'quarry_writer_log_delivery_seconds',
      help: 'Time of one delivery attempt (one webhook POST or one direct database insert)',
      labelNames: ['destination'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}
