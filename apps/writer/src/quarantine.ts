import type { SqlExecutor } from '@quarry/catalog';
import { encodeDatasetEnvelope, MESSAGE_ID_HEADER } from '@quarry/pipeline';
import { spliceDatasetEnvelope } from './dataset-splice.ts';
import type { Decoded } from './decode.ts';

type Stored = Extract<Decoded, { ok: true }>;

/** How much a dataset's quarantine may hold: records past the cap are dead-lettered instead. */
export interface QuarantineLimits {
  maxRecordsPerDataset: number;
  retentionDays: number;
}

export const DEFAULT_QUARANTINE_LIMITS: QuarantineLimits = {
  maxRecordsPerDataset: 10_000,
  retentionDays: 30,
};

/** One row the warehouse refused, from the message it came in. */
export interface RefusedRecord {
  message: Stored;
  partition: number;
  /** The row's index in its message. */
  index: number;
  /** The row as the writer inserted it. */
  row: Record<string, unknown>;
  reason: string;
}

const DATASET_TABLE = /^ds_(\d+)$/;
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * A dataset's quarantine in the catalog (table dataset_quarantine): each refused row is kept with
 * the engine's reason until it is replayed, discarded or expires. A record is keyed by its place in
 * the bus, so a batch delivered again after a crash quarantines it once.
 */
export class Quarantine {
  private readonly db: SqlExecutor;
  private readonly limits: QuarantineLimits;
  private readonly onKept: (records: number) => void;

  constructor(
    db: SqlExecutor,
    limits: QuarantineLimits = DEFAULT_QUARANTINE_LIMITS,
    onKept: (records: number) => void = () => undefined,
  ) {
    this.db = db;
    this.limits = limits;
    this.onKept = onKept;
  }

  /** Stores the records; returns those the dataset's quarantine has no room for. */
  async add(table: string, topic: string, records: RefusedRecord[]): Promise<RefusedRecord[]> {
    const datasetId = DATASET_TABLE.exec(table)?.[1];
    if (datasetId === undefined || records.length === 0) return records;
    await this.db.query(
      `DELETE FROM dataset_quarantine
       WHERE dataset_id = $1 AND quarantined_at < now() - make_interval(days => $2)`,
      [datasetId, this.limits.retentionDays],
    );
    const overflow: RefusedRecord[] = [];
    for (const record of records) {
      const { rowCount } = await this.db
        .query(
          `INSERT INTO dataset_quarantine
           (dataset_id, source_topic, source_partition, source_offset, source_index, reason, row_json, received_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8
         WHERE (SELECT count(*) FROM dataset_quarantine WHERE dataset_id = $1) < $9
         ON CONFLICT DO NOTHING`,
          [
            datasetId,
            topic,
            record.partition,
            record.message.message.offset,
            record.index,
            record.reason,
            JSON.stringify(record.row),
            record.row.__ingestedAt,
            this.limits.maxRecordsPerDataset,
          ],
        )
        // The dataset was deleted from the catalog while its table still answered: nowhere to keep it.
        .catch((error: unknown) => {
          if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) return { rowCount: -1 };
          throw error;
        });
      if (rowCount === -1) {
        overflow.push(record);
        continue;
      }
      if (rowCount > 0) this.onKept(rowCount);
      // Nothing inserted and not a repeat of a stored record: the quarantine is full.
      if (rowCount === 0 && !(await this.has(datasetId, topic, record))) overflow.push(record);
    }
    return overflow;
  }

  private async has(datasetId: string, topic: string, record: RefusedRecord): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT 1 FROM dataset_quarantine WHERE dataset_id = $1 AND source_topic = $2
       AND source_partition = $3 AND source_offset = $4 AND source_index = $5`,
      [datasetId, topic, record.partition, record.message.message.offset, record.index],
    );
    return rows.length > 0;
  }
}

/**
 * A record the quarantine had no room for, as a message of its own for the dead-letter topic: the
 * original envelope with this one row, and a message id of its own, so replaying the letter stores
 * the record once and never the rows of its message that were stored.
 */
export function singleRecordLetter(record: RefusedRecord, topic: string): Stored {
  const { message, partition, index } = record;
  const spliced = spliceDatasetEnvelope(message.message.value);
  if (!spliced.ok) return message;
  const { bytes, starts, ends, v: _, kind: __, ...header } = spliced.envelope;
  const [start, end] = [starts[index], ends[index]];
  if (start === undefined || end === undefined) return message;
  // The row's own bytes between the header and the end: `…,"rows":[` + row + `]}`.
  const empty = encodeDatasetEnvelope({ ...header, rows: [] });
  const value = Buffer.concat([
    Buffer.from(empty.slice(0, -2)),
    bytes.subarray(start, end),
    Buffer.from(empty.slice(-2)),
  ]);
  return {
    ...message,
    message: {
      ...message.message,
      value,
      headers: {
        ...message.message.headers,
        [MESSAGE_ID_HEADER]: `quarantine-overflow:${topic}:${partition}:${message.message.offset}:${index}`,
      },
    },
  };
}
