import { crc32 } from 'node:zlib';
import type { OutgoingMessage } from '../types.ts';

/**
 * One record on disk: u32 body length, u32 CRC-32 of the body, then the body:
 * f64 timestamp (ms), u32 key length + key, u32 headers length + headers (JSON), u32 value length + value.
 * The CRC tells a record torn by a crash from a whole one.
 */
export const RECORD_HEADER_BYTES = 8;

export interface StoredRecord {
  timestamp: number;
  key: string;
  headers: Record<string, string>;
  value: Buffer;
}

export function encodeRecord(message: OutgoingMessage, timestamp: number): Buffer {
  const key = Buffer.from(message.key);
  const headers = Buffer.from(JSON.stringify(message.headers ?? {}));
  const value = typeof message.value === 'string' ? Buffer.from(message.value) : message.value;
  const body = Buffer.allocUnsafe(8 + 12 + key.length + headers.length + value.length);
  let at = body.writeDoubleLE(timestamp, 0);
  for (const part of [key, headers, value]) {
    at = body.writeUInt32LE(part.length, at);
    at += part.copy(body, at);
  }
  const header = Buffer.allocUnsafe(RECORD_HEADER_BYTES);
  header.writeUInt32LE(body.length, 0);
  header.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

/** Length in bytes of the whole record starting at `at`, or undefined when it is torn or corrupt. */
export function intactRecordLength(data: Buffer, at: number): number | undefined {
  if (data.length - at < RECORD_HEADER_BYTES) return undefined;
  const bodyLength = data.readUInt32LE(at);
  const end = at + RECORD_HEADER_BYTES + bodyLength;
  if (bodyLength < 20 || end > data.length) return undefined;
  const body = data.subarray(at + RECORD_HEADER_BYTES, end);
  return crc32(body) === data.readUInt32LE(at + 4) ? RECORD_HEADER_BYTES + bodyLength : undefined;
}

/** Decodes a record known to be intact (written by us, or checked by intactRecordLength). */
export function decodeRecord(data: Buffer, at: number): StoredRecord {
  const body = data.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + data.readUInt32LE(at));
  const timestamp = body.readDoubleLE(0);
  let cursor = 8;
  const next = () => {
    const length = body.readUInt32LE(cursor);
    const part = body.subarray(cursor + 4, cursor + 4 + length);
    cursor += 4 + length;
    return part;
  };
  const key = next().toString();
  const headers = JSON.parse(next().toString()) as Record<string, string>;
  // Copy: the caller may keep the value long after the read buffer is reused.
  const value = Buffer.from(next());
  return { timestamp, key, headers, value };
}
