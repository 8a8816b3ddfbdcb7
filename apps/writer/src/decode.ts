import type { BusMessage } from '@quarry/bus';
import { datasetTableName, decodeDatasetEnvelope } from '@quarry/pipeline';

/** One message's rows, ready for its table, or the reason it can never be stored. */
export type Decoded =
  | { ok: true; offset: bigint; message: BusMessage; table: string; rows: Record<string, unknown>[] }
  | { ok: false; offset: bigint; message: BusMessage; reason: string };

/**
 * Turns a dataset message into warehouse rows. Each row gets its trace id, ingestion time and its
 * identity (partition, offset, index in the message).
 */
export function decodeDatasetMessage(message: BusMessage, partition: number): Decoded {
  const offset = BigInt(message.offset);
  const decoded = decodeDatasetEnvelope(message.value);
  if (!decoded.ok) return { ok: false, offset, message, reason: decoded.reason };
  const { envelope } = decoded;
  const ingestedAt = envelope.acceptedAt;
  const rows = envelope.rows.map((row, index) => ({
    ...row,
    __traceId: envelope.traceId,
    __ingestedAt: ingestedAt,
    __sourcePartition: partition,
    __sourceOffset: message.offset,
    __sourceIndex: index,
  }));
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
