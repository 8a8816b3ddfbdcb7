import type { BusMessage } from '@quarry/bus';
import { datasetTableName } from '@quarry/pipeline';
import { spliceDatasetEnvelope } from './dataset-splice.ts';
import { type RowLines, SplicedRows } from './row-lines.ts';

/**
 * One message's rows, ready for its table, or the reason it can never be stored. Rows are objects
 * (serialized for the insert) or lines already in the insert's format (see row-lines.ts).
 */
export type Decoded =
  | {
      ok: true;
      offset: bigint;
      message: BusMessage;
      table: string;
      rows: ReadonlyArray<Record<string, unknown>> | RowLines;
    }
  | { ok: false; offset: bigint; message: BusMessage; reason: string };

/**
 * Turns a dataset message into warehouse rows without parsing them: each row's bytes are spliced
 * into the insert with its trace id, ingestion time and identity (partition, offset, index).
 */
export function decodeDatasetMessage(message: BusMessage, partition: number): Decoded {
  const offset = BigInt(message.offset);
  const decoded = spliceDatasetEnvelope(message.value);
  if (!decoded.ok) return { ok: false, offset, message, reason: decoded.reason };
  const { envelope } = decoded;
  const rows = new SplicedRows(envelope, {
    traceId: envelope.traceId,
    acceptedAt: envelope.acceptedAt,
    partition,
    offset: message.offset,
  });
  return { ok: true, offset, message, table: datasetTableName(envelope.datasetId), rows };
}

/** Decoding is pure: whatever it throws on is the message's fault, so the message is poison. */
export function decodeSafely<T>(message: BusMessage, decode: () => T): T | Extract<Decoded, { ok: false }> {
  try {
    return decode();
  } catch (error) {
    const reason = `undecodable: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, offset: BigInt(message.offset), message, reason };
  }
}
