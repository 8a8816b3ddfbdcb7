import { randomBytes } from 'node:crypto';
import type { Bus } from '@quarry/bus';
import { DEAD_LETTER_HEADERS, MESSAGE_ID_HEADER, type Topics } from '@quarry/pipeline';
import { readUntilEnd } from './read-until-end.ts';

export interface DeadLetterInfo {
  /** Where the letter sits in the dead-letter topic. */
  partition: number;
  offset: string;
  source: { topic: string; partition: number; offset: string; key: string };
  reason: string;
  failedAt: string;
  bytes: number;
  /** The first bytes of the original message, for a look at what it was. */
  preview: string;
}

/** The replay group's position marks which letters were already replayed. */
export const REPLAY_GROUP = 'quarry-dead-letter-replay';

/** Every letter in the dead-letter topic (oldest first), read by a throwaway group that commits nothing. */
export async function listDeadLetters(
  bus: Bus,
  topics: Topics,
  options: { limit?: number } = {},
): Promise<DeadLetterInfo[]> {
  const letters: DeadLetterInfo[] = [];
  const limit = options.limit ?? 1_000;
  await readUntilEnd(
    bus,
    topics.deadLetters,
    `quarry-dead-letter-list-${randomBytes(6).toString('hex')}`,
    async ({ partition, message }) => {
      if (letters.length < limit) {
        const header = (name: string) => message.headers[name] ?? '';
        letters.push({
          partition,
          offset: message.offset,
          source: {
            topic: header(DEAD_LETTER_HEADERS.topic),
            partition: Number(header(DEAD_LETTER_HEADERS.partition)),
            offset: header(DEAD_LETTER_HEADERS.offset),
            key: header(DEAD_LETTER_HEADERS.key),
          },
          reason: header(DEAD_LETTER_HEADERS.reason),
          failedAt: header(DEAD_LETTER_HEADERS.failedAt),
          bytes: message.value.length,
          preview: message.value.subarray(0, 200).toString('utf8'),
        });
      }
      return false;
    },
  );
  return letters;
}

/**
 * The replayed copy's identity, the same however often the letter is replayed (a replay that crashed
 * between the produce and its commit sends the letter again): the request's own id when it had one
 * (its retry may be stored already), else the original message's position. The writer stores one copy.
 */
function replayId(headers: Record<string, string>): string {
  const own = headers[MESSAGE_ID_HEADER];
  if (own) return own;
  const source = [DEAD_LETTER_HEADERS.topic, DEAD_LETTER_HEADERS.partition, DEAD_LETTER_HEADERS.offset];
  return `replay:${source.map((name) => headers[name] ?? '').join(':')}`;
}

/**
 * Sends every letter not replayed yet back to its source topic (original key and bytes), committing
 * the replay group past each letter only after the source topic acknowledged it. Run it after fixing
 * the cause; a letter that fails again comes back as a new dead letter. Exactly once: a letter sent
 * twice carries the same message id, and the writer stores one copy.
 */
export async function replayDeadLetters(
  bus: Bus,
  topics: Topics,
  options: { onProgress?: (replayed: number, pending: number) => void } = {},
): Promise<{ replayed: number }> {
  const pending = (await bus.admin.offsets(topics.deadLetters, REPLAY_GROUP)).reduce(
    (sum, { end, committed }) => sum + Number(BigInt(end) - BigInt(committed ?? '0')),
    0,
  );
  const producer = bus.producer();
  let replayed = 0;
  try {
    await readUntilEnd(bus, topics.deadLetters, REPLAY_GROUP, async ({ message }) => {
      const source = message.headers[DEAD_LETTER_HEADERS.topic] || topics.datasets;
      const key = message.headers[DEAD_LETTER_HEADERS.key] ?? message.key;
      await producer.send(source, [
        {
          key,
          value: message.value,
          headers: {
            'quarry-replayed-from': `${topics.deadLetters}@${message.offset}`,
            [MESSAGE_ID_HEADER]: replayId(message.headers),
          },
        },
      ]);
      replayed += 1;
      options.onProgress?.(replayed, pending);
      return true;
    });
  } finally {
    await producer.close();
  }
  return { replayed };
}
