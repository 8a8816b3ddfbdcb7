import { type FileHandle, open } from 'node:fs/promises';
import type { BusMessage } from '../types.ts';
import { scanLog } from './log-recovery.ts';
import { decodeRecord, RECORD_HEADER_BYTES } from './record-codec.ts';

export interface RecoveryReport {
  records: number;
  /** bytes of a torn or corrupt tail that were cut off */
  truncatedBytes: number;
}

interface PendingAppend {
  data: Buffer;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * A topic's single partition as one append-only file. Appends waiting at the same time share one
 * write and one fdatasync (group commit); an append resolves only after its bytes are synced.
 */
export class TopicLog {
  readonly #file: FileHandle;
  /** byte position of every record: record n starts at #positions[n] */
  readonly #positions: number[];
  #size: number;
  #pending: PendingAppend[] = [];
  #flushing = false;
  #drained: Promise<void> = Promise.resolve();
  #waiters = new Set<() => void>();

  private constructor(file: FileHandle, positions: number[], size: number) {
    this.#file = file;
    this.#positions = positions;
    this.#size = size;
  }

  /** Opens (creating if needed) and recovers: scans every record and cuts a torn tail. */
  static async open(path: string): Promise<{ log: TopicLog; recovery: RecoveryReport }> {
    await (await open(path, 'a')).close();
    const file = await open(path, 'r+');
    const { positions, validBytes, fileBytes } = await scanLog(file);
    if (validBytes < fileBytes) {
      await file.truncate(validBytes);
      await file.datasync();
    }
    const recovery = { records: positions.length, truncatedBytes: fileBytes - validBytes };
    return { log: new TopicLog(file, positions, validBytes), recovery };
  }

  /** Offset the next record will get. */
  get endOffset(): number {
    return this.#positions.length;
  }

  append(encodedRecords: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ data: encodedRecords, resolve, reject });
      if (this.#flushing) return;
      this.#flushing = true;
      this.#drained = this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const group = this.#pending.splice(0);
      const data = Buffer.concat(group.map((append) => append.data));
      try {
        await this.#file.write(data, 0, data.length, this.#size);
        await this.#file.datasync();
      } catch (error) {
        // Unsynced bytes past #size are overwritten by the next append or cut by recovery.
        for (const append of group) append.reject(error);
        continue;
      }
      for (let at = 0; at < data.length; at += RECORD_HEADER_BYTES + data.readUInt32LE(at)) {
        this.#positions.push(this.#size + at);
      }
      this.#size += data.length;
      for (const append of group) append.resolve();
      for (const wake of this.#waiters) wake();
      this.#waiters.clear();
    }
    this.#flushing = false;
  }

  /** Up to `maxRecords` records from `offset` on, within about `maxBytes` (at least one record). */
  async read(offset: number, maxRecords: number, maxBytes: number): Promise<BusMessage[]> {
    const start = this.#positions[offset];
    if (start === undefined) return [];
    let last = Math.min(offset + maxRecords, this.endOffset);
    while (last > offset + 1 && (this.#positions[last] ?? this.#size) - start > maxBytes) last--;
    const end = this.#positions[last] ?? this.#size;
    const { buffer } = await this.#file.read(Buffer.allocUnsafe(end - start), 0, end - start, start);
    const messages: BusMessage[] = [];
    for (let n = offset; n < last; n++) {
      const record = decodeRecord(buffer, (this.#positions[n] ?? 0) - start);
      messages.push({ ...record, offset: String(n) });
    }
    return messages;
  }

  /** Resolves once a record exists at `offset`, or when `signal` aborts: consumers wait here, not poll. */
  waitFor(offset: number, signal: AbortSignal): Promise<void> {
    if (offset < this.endOffset || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.#waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.#waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  async close(): Promise<void> {
    await this.#drained;
    await this.#file.close();
  }
}
