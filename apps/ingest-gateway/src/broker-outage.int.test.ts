import { randomUUID } from 'node:crypto';
import { createBus } from '@quarry/bus';
import { type RunningKafka, startKafka } from '@quarry/local-stack';
import { decodeDatasetEnvelope, TOPICS } from '@quarry/pipeline';
import { tempDir } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  eventually,
  freePort,
  openTestBackends,
  orderRecord,
  startTestGateway,
  type TestBackends,
  type TestGateway,
} from './testing.ts';

interface Outcome {
  /** The unique `plan` value of each record sent. */
  ids: string[];
  status: number;
  retryAfter: string | null;
  at: 'up' | 'down' | 'restarted';
}

const SENDERS = 6;
const RECORDS_PER_BATCH = 5;

describe('a broker outage under load', () => {
  let backends: TestBackends;
  let kafka: RunningKafka | undefined;
  let gateway: TestGateway | undefined;
  beforeAll(async () => {
    backends = await openTestBackends();
  });
  afterAll(async () => {
    await gateway?.stop();
    await kafka?.stop();
    await backends?.close();
  });

  it('answers 503 with Retry-After while the broker is down, and loses nothing it answered 202 for', async () => {
    const dataDir = await tempDir('outage-kafka');
    const port = await freePort();
    kafka = await startKafka({ dataDir, port });
    // Short client timeouts so a request to the dead broker fails in about a second.
    gateway = await startTestGateway(backends, {
      brokers: kafka.brokers,
      bus: { retries: 2, connectionTimeoutMs: 500, requestTimeoutMs: 2_000 },
    });
    const tenant = await createTenant(backends.control);
    const running = gateway;

    const outcomes: Outcome[] = [];
    let phase: Outcome['at'] = 'up';
    let sending = true;
    const count = (at: Outcome['at'], status: number) =>
      outcomes.filter((outcome) => outcome.at === at && outcome.status === status).length;
    const sender = async (senderId: number) => {
      for (let sequence = 0; sending; sequence++) {
        const ids = Array.from({ length: RECORDS_PER_BATCH }, (_, i) => `${senderId}-${sequence}-${i}`);
        const at = phase;
        const answer = await running.post(
          `/datasets/${tenant.datasetId}/batch`,
          ids.map((plan) => orderRecord({ plan })),
          { apiKey: tenant.apiKey, headers: { 'X-Request-Id': `req_${senderId}_${sequence}` } },
        );
        outcomes.push({ ids, status: answer.status, retryAfter: answer.headers.get('retry-after'), at });
        if (answer.status !== 202) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const senders = Array.from({ length: SENDERS }, (_, i) => sender(i));

    await eventually(async () => count('up', 202) >= 50, 10_000);
    phase = 'down';
    await kafka.stop();
    await eventually(async () => count('down', 503) >= 2 * SENDERS, 20_000);
    kafka = await startKafka({ dataDir, port });
    phase = 'restarted';
    await eventually(async () => count('restarted', 202) >= 50, 30_000);
    sending = false;
    await Promise.all(senders);

    const unexpected = outcomes.filter((outcome) => outcome.status !== 202 && outcome.status !== 503);
    expect(unexpected).toEqual([]);
    const refused = outcomes.filter((outcome) => outcome.status === 503);
    expect(refused.every((outcome) => outcome.retryAfter !== null)).toBe(true);
    const accepted = new Set(
      outcomes.filter((outcome) => outcome.status === 202).flatMap((outcome) => outcome.ids),
    );

    // Read the whole topic back from the restarted broker. A fresh group each attempt: on a loaded
    // machine one consumer can stall behind a rebalance, which says nothing about what is stored.
    const stored = new Set<string>();
    for (let attempt = 0; attempt < 3 && ![...accepted].every((id) => stored.has(id)); attempt++) {
      const reader = await createBus({
        kind: 'kafka',
        brokers: kafka.brokers,
        clientId: `outage-reader-${attempt}`,
      });
      try {
        await reader.consumer().run({
          topics: [TOPICS.datasets],
          groupId: `outage-check-${randomUUID()}`,
          async eachBatch(batch) {
            for (const message of batch.messages) {
              const decoded = decodeDatasetEnvelope(message.value);
              if (decoded.ok) for (const row of decoded.envelope.rows) stored.add(String(row.plan));
            }
          },
        });
        await eventually(async () => [...accepted].every((id) => stored.has(id)), 20_000).catch(
          () => undefined,
        );
      } finally {
        await reader.close();
      }
    }
    const missing = [...accepted].filter((id) => !stored.has(id));
    expect({ accepted: accepted.size, missing }).toEqual({ accepted: accepted.size, missing: [] });
  }, 180_000); // two broker starts; slower when the machine is busy
});
