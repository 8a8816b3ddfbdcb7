import type { OutgoingMessage } from '../types.ts';

const RECORD_OVERHEAD_BYTES = 64;

/** Approximate encoded size of a record: enough to keep a request under the broker's batch limit. */
export function recordSize(message: OutgoingMessage): number {
  let size = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return size;
}

/**
 * Splits one send into requests of at most `maxBytes` (a single larger record stays alone), because
 * Kafka checks its size limit per record batch, and one batch carries every record of a partition.
 */
export function chunkBySize(messages: OutgoingMessage[], maxBytes: number): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let currentBytes = 0;
  for (const message of messages) {
    const size = recordSize(message);
    if (current.length > 0 && currentBytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(message);
    currentBytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
