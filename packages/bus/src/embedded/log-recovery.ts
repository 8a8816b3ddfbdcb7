import type { FileHandle } from 'node:fs/promises';
import { intactRecordLength, RECORD_HEADER_BYTES } from './record-codec.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

export interface ScannedLog {
  /** byte position of every intact record, in order */
  positions: number[];
  /** where the intact records end: anything after is a torn or corrupt tail */
  validBytes: number;
  fileBytes: number;
}

/** Walks the records of a log file in chunks and stops at the first one that is not intact. */
export async function scanLog(file: FileHandle): Promise<ScannedLog> {
  const { size } = await file.stat();
  let buffer = Buffer.alloc(0);
  let bufferStart = 0;
  // Makes [from, from + length) readable from `buffer`; false when the file is too short for it.
  const load = async (from: number, length: number): Promise<boolean> => {
    if (from + length > size) return false;
    if (from + length <= bufferStart + buffer.length && from >= bufferStart) return true;
    buffer = Buffer.allocUnsafe(Math.min(Math.max(CHUNK_BYTES, length), size - from));
    await file.read(buffer, 0, buffer.length, from);
    bufferStart = from;
    return true;
  };

  const positions: number[] = [];
  let at = 0;
  while (await load(at, RECORD_HEADER_BYTES)) {
    const length = RECORD_HEADER_BYTES + buffer.readUInt32LE(at - bufferStart);
    if (!(await load(at, length))) break;
    if (intactRecordLength(buffer, at - bufferStart) !== length) break;
    positions.push(at);
    at += length;
  }
  return { positions, validBytes: at, fileBytes: size };
}
