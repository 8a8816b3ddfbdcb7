import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BusUnavailableError, UnknownTopicError } from '../errors.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { GroupOffsets, syncDirectory } from './group-offsets.ts';
import { TopicLog } from './topic-log.ts';

// Kafka's own rule for topic names, which also keeps them safe as file names.
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** The embedded bus' state on disk: one log file per topic, the group offsets, and the directory lock. */
export class EmbeddedStore {
  readonly offsets: GroupOffsets;
  readonly #topicsDir: string;
  readonly #topics: Map<string, TopicLog>;
  readonly #unlock: () => Promise<void>;
  readonly #claims = new Map<string, object>();
  #closed = false;

  private constructor(
    topicsDir: string,
    topics: Map<string, TopicLog>,
    offsets: GroupOffsets,
    unlock: () => Promise<void>,
  ) {
    this.#topicsDir = topicsDir;
    this.#topics = topics;
    this.offsets = offsets;
    this.#unlock = unlock;
  }

  static async open(dataDir: string): Promise<EmbeddedStore> {
    const topicsDir = join(dataDir, 'topics');
    await mkdir(topicsDir, { recursive: true });
    const unlock = await lockDataDir(dataDir);
    const topics = new Map<string, TopicLog>();
    for (const file of (await readdir(topicsDir)).filter((name) => name.endsWith('.log'))) {
      const { log, recovery } = await TopicLog.open(join(topicsDir, file));
      if (recovery.truncatedBytes > 0) {
        process.emitWarning(
          `bus: cut a torn tail of ${recovery.truncatedBytes} bytes from ${file} after a crash`,
        );
      }
      topics.set(file.slice(0, -'.log'.length), log);
    }
    return new EmbeddedStore(
      topicsDir,
      topics,
      await GroupOffsets.open(join(dataDir, 'offsets.json')),
      unlock,
    );
  }

  topic(name: string): TopicLog {
    this.assertOpen();
    const log = this.#topics.get(name);
    if (!log) throw new UnknownTopicError(name);
    return log;
  }

  async createTopic(name: string): Promise<void> {
    this.assertOpen();
    if (this.#topics.has(name)) return;
    if (!TOPIC_NAME.test(name)) throw new Error(`invalid topic name ${JSON.stringify(name)}`);
    const { log } = await TopicLog.open(join(this.#topicsDir, `${name}.log`));
    if (this.#topics.has(name)) {
      await log.close(); // created concurrently
      return;
    }
    this.#topics.set(name, log);
    await syncDirectory(this.#topicsDir);
  }

  /** A topic's only partition belongs to one consumer of a group at a time. */
  claim(groupId: string, topic: string, owner: object): void {
    const key = `${groupId}\u0000${topic}`;
    const holder = this.#claims.get(key);
    if (holder && holder !== owner) {
      throw new Error(
        `group ${groupId} already has a consumer on ${topic}; the embedded bus has one partition per topic`,
      );
    }
    this.#claims.set(key, owner);
  }

  release(groupId: string, topic: string, owner: object): void {
    const key = `${groupId}\u0000${topic}`;
    if (this.#claims.get(key) === owner) this.#claims.delete(key);
  }

  assertOpen(): void {
    if (this.#closed) throw new BusUnavailableError('the embedded bus is closed');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#topics.values()].map((log) => log.close()));
    await this.#unlock();
  }
}
