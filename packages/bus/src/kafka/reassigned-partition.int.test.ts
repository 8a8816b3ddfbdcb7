import { Consumer as KafkaConsumer } from '@platformatic/kafka';
import { localStack, uniqueTopic } from '@quarry/testkit';
import { expect, it, onTestFinished } from 'vitest';
import { createBus } from '../create-bus.ts';
import type { KafkaLogEntry } from './kafka-bus.ts';

// A partition taken away while its batch is in hand and given back moments later (another member came
// and went) must not be delivered again until that batch has ended: two batches of one partition at
// once, in one process, would write its rows side by side. It once waited only for the last
// assignment's pipeline of the partition, which here did not exist or had never started.
it('delivers a partition given back to a member only after its batch in hand has ended', async () => {
  const { kafkaBrokers } = localStack();
  const topic = uniqueTopic('reassigned');
  const groupId = uniqueTopic('group');
  const logged: KafkaLogEntry[] = [];
  const bus = await createBus({
    kind: 'kafka',
    brokers: kafkaBrokers,
    clientId: 'reassigned-test',
    sessionTimeoutMs: 20_000,
    fetch: { maxWaitMs: 100 },
    logLevel: 'info',
    log: (entry) => logged.push(entry),
  });
  onTestFinished(() => bus.close());
  await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
  await bus.producer().send(topic, [{ key: 'k', value: 'only' }]);

  let inHand = 0;
  let mostAtOnce = 0;
  let deliveries = 0;
  let releaseFirst: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => {
    releaseFirst = resolve;
  });
  let firstStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    firstStarted = resolve;
  });
  let assignments = 0;
  let revocations = 0;
  const consumer = bus.consumer();
  onTestFinished(() => consumer.stop());
  await consumer.run({
    topics: [topic],
    groupId,
    onPartitionsAssigned: () => {
      assignments++;
    },
    onPartitionsRevoked: () => {
      revocations++;
    },
    async eachBatch() {
      inHand++;
      mostAtOnce = Math.max(mostAtOnce, inHand);
      const delivery = ++deliveries;
      if (delivery === 1) {
        firstStarted();
        await firstHeld;
      }
      inHand--;
    },
  });
  await started;

  // Another member joins (the partition is taken from the first) and leaves (it is given back).
  const other = new KafkaConsumer({
    clientId: 'other',
    bootstrapBrokers: kafkaBrokers,
    groupId,
    autocommit: false,
  });
  onTestFinished(() => other.close(true));
  other.topics.trackAll(topic);
  await other.joinGroup({ sessionTimeout: 20_000, rebalanceTimeout: 20_000 });
  await expect.poll(() => revocations, { timeout: 30_000 }).toBeGreaterThan(0);
  await new Promise<void>((resolve, reject) => {
    other.leaveGroup(false, (error) => (error ? reject(error) : resolve()));
  });
  const regained = assignments;
  await expect.poll(() => assignments, { timeout: 30_000 }).toBeGreaterThan(regained);

  // Either the partition is delivered again at once (the first batch still in hand: the fault), or
  // the member says it waits for that batch; only then is the first batch let go.
  await expect
    .poll(
      () =>
        deliveries > 1 ||
        logged.some(({ message }) => message.includes('starts once its batch in hand has ended')),
      { timeout: 30_000 },
    )
    .toBe(true);
  releaseFirst();
  // Nothing was committed: the message comes again, after the first batch.
  await expect.poll(() => deliveries, { timeout: 30_000 }).toBeGreaterThan(1);
  expect(mostAtOnce).toBe(1);
}, 120_000);
