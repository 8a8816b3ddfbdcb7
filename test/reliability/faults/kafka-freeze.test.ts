import { type Bus, createBus } from '@quarry/bus';
import { type RunningKafka, startKafka } from '@quarry/local-stack';
import { tempDir, uniqueTopic } from '@quarry/testkit';
import { expect, it, onTestFinished } from 'vitest';
import { freePort } from '../../../apps/ingest-gateway/src/testing.ts';
import { report } from './harness.ts';

// The client gives up on a request after REQUEST_TIMEOUT_MS and RETRIES retries (a few seconds);
// the frozen broker keeps every request in its sockets and handles them all once thawed.
const REQUEST_TIMEOUT_MS = 1_000;
const RETRIES = 2;
const FREEZE_MS = 8_000;
const SENDERS = 16;
const PARTITIONS = 3;

interface Sent {
  ids: string[];
  outcome: 'acked' | 'failed';
}

/** Concurrent send loops, as the gateway's requests (or the writer's dead letters) use one producer. */
class SendLoad {
  readonly sent: Sent[] = [];
  #stopped = false;
  #loops: Promise<void>[] = [];

  readonly #bus: Bus;
  readonly #topic: string;
  readonly #senders: number;

  constructor(bus: Bus, topic: string, senders: number) {
    this.#bus = bus;
    this.#topic = topic;
    this.#senders = senders;
  }

  start(): void {
    const producer = this.#bus.producer();
    this.#loops = Array.from({ length: this.#senders }, async (_, sender) => {
      for (let request = 0; !this.#stopped; request++) {
        const ids = Array.from({ length: 1 + (request % 5) }, (_, n) => `${sender}-${request}-${n}`);
        const headers = { 'x-source-topic': this.#topic, 'x-reason': 'fault test' };
        const messages = ids.map((id) => ({ key: `dataset-${sender % 7}`, value: id, headers }));
        const outcome = await producer.send(this.#topic, messages).then(
          () => 'acked' as const,
          () => 'failed' as const,
        );
        this.sent.push({ ids, outcome });
        if (outcome === 'failed') await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
  }

  acked(since = 0): number {
    return this.sent.slice(since).filter((s) => s.outcome === 'acked').length;
  }

  async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#loops);
  }
}

/** Every record the topic holds, read by a fresh group from the beginning to the end offsets. */
async function readAll(bus: Bus, topic: string): Promise<string[]> {
  const ends = await bus.admin.offsets(topic);
  const total = ends.reduce((sum, { end }) => sum + Number(end), 0);
  const values: string[] = [];
  const consumer = bus.consumer();
  const done = Promise.withResolvers<void>();
  if (total === 0) done.resolve();
  await consumer.run({
    topics: [topic],
    groupId: uniqueTopic('freeze-reader'),
    async eachBatch(batch) {
      values.push(...batch.messages.map((message) => message.value.toString()));
      if (values.length >= total) done.resolve();
    },
  });
  await done.promise;
  await consumer.stop();
  return values;
}

async function compare(bus: Bus, topic: string, load: SendLoad) {
  const stored = new Map<string, number>();
  for (const id of await readAll(bus, topic)) stored.set(id, (stored.get(id) ?? 0) + 1);
  const acked = load.sent.filter((s) => s.outcome === 'acked').flatMap((s) => s.ids);
  const failed = load.sent.filter((s) => s.outcome === 'failed').flatMap((s) => s.ids);
  const sentIds = new Set([...acked, ...failed]);
  return {
    acked: acked.length,
    failed: failed.length,
    stored: stored.size,
    failedButStored: failed.filter((id) => stored.has(id)).length,
    ackedMissing: acked.filter((id) => !stored.has(id)),
    duplicates: [...stored].filter(([, copies]) => copies > 1).map(([id]) => id),
    neverSent: [...stored.keys()].filter((id) => !sentIds.has(id)),
  };
}

// The gateway's producer (many requests in flight, coalesced) and the writer's dead-letter producer
// (one send at a time, with provenance headers) are the same bus Producer; both shapes run here.
it('a broker frozen past the producer timeout: every acked send stored once, none stored twice', async () => {
  const [dataDir, port] = [await tempDir('faults-kafka-freeze'), await freePort()];
  const kafka: RunningKafka = await startKafka({ dataDir, port });
  onTestFinished(() => kafka.stop());
  const bus = await createBus({
    kind: 'kafka',
    brokers: kafka.brokers,
    clientId: 'freeze-test',
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    retries: RETRIES,
    fetch: { maxWaitMs: 100 },
  });
  onTestFinished(() => bus.close());
  const topic = uniqueTopic('freeze');
  const deadLetters = uniqueTopic('freeze-dead-letters');
  await bus.admin.ensureTopics([
    { topic, partitions: PARTITIONS },
    { topic: deadLetters, partitions: 1 },
  ]);

  const load = new SendLoad(bus, topic, SENDERS);
  const deadLetterLoad = new SendLoad(bus, deadLetters, 1);
  load.start();
  deadLetterLoad.start();
  await load.until(() => load.acked() >= 200, 60_000);
  kafka.pause();
  const frozenAt = load.sent.length;
  await new Promise((resolve) => setTimeout(resolve, FREEZE_MS));
  const failedWhileFrozen = load.sent.slice(frozenAt).filter((s) => s.outcome === 'failed').length;
  kafka.resume();
  const [resumedAt, deadLettersResumedAt] = [load.sent.length, deadLetterLoad.sent.length];
  // A producer that reused a sequence number may refuse every later send on a partition: that shows
  // here as no acks after the thaw, and is a failure of its own.
  const recovered = await load.until(() => load.acked(resumedAt) >= 300, 60_000);
  const deadLettersRecovered = await deadLetterLoad.until(
    () => deadLetterLoad.acked(deadLettersResumedAt) >= 20,
    30_000,
  );
  await Promise.all([load.stop(), deadLetterLoad.stop()]);

  expect(failedWhileFrozen, 'the freeze outlasted the client timeout').toBeGreaterThan(0);
  const results = [
    ['kafka-freeze', await compare(bus, topic, load), recovered],
    ['kafka-freeze-dead-letters', await compare(bus, deadLetters, deadLetterLoad), deadLettersRecovered],
  ] as const;
  for (const [name, { ackedMissing, duplicates, neverSent, ...counts }, healed] of results) {
    report(name, {
      ...counts,
      ackedMissing: ackedMissing.length,
      duplicates: duplicates.length,
      recovered: healed,
    });
  }
  for (const [name, { ackedMissing, duplicates, neverSent }, healed] of results) {
    expect(ackedMissing.slice(0, 5), `${name}: ${ackedMissing.length} acked but never stored`).toEqual([]);
    expect(duplicates.slice(0, 5), `${name}: ${duplicates.length} stored twice`).toEqual([]);
    expect(neverSent).toEqual([]);
    expect(healed, `${name}: sends succeed again after the thaw`).toBe(true);
  }
}, 240_000);
