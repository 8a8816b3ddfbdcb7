import type { BusMessage, Producer } from '@quarry/bus';
import { DEAD_LETTER_HEADERS } from '@quarry/pipeline';

export interface DeadLetter {
  topic: string;
  partition: number;
  message: BusMessage;
  reason: string;
}

/** Resolves once the dead-letter topic acknowledged every letter; the caller commits only then. */
export async function sendDeadLetters(
  producer: Producer,
  topic: string,
  letters: DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  const failedAt = new Date().toISOString();
  await producer.send(
    topic,
    letters.map(({ topic, partition, message, reason }) => ({
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        [DEAD_LETTER_HEADERS.topic]: topic,
        [DEAD_LETTER_HEADERS.partition]: String(partition),
        [DEAD_LETTER_HEADERS.offset]: message.offset,
        [DEAD_LETTER_HEADERS.key]: message.key,
        [DEAD_LETTER_HEADERS.reason]: reason.slice(0, 1000),
        [DEAD_LETTER_HEADERS.failedAt]: failedAt,
      },
    })),
  );
}
