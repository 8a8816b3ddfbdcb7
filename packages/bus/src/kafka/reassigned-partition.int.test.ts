import { Consumer as KafkaConsumer } from '@platformatic/kafka';
import { localStack, uniqueTopic } from '@quarry/testkit';
import { expect, it, onTestFinished } from 'vitest';
import { createBus } from '../create-bus.ts';
import type { KafkaLogEntry } from './kafka-bus.ts';

/**
 * A member of a one-partition topic's group whose first batch is held until `release()`, and a second
 * member that joins while it is held, so the partition is taken from the first with its batch in hand.
 */
async function memberWithHeldBatch() {
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

  const state = { inHand: 0, mostAtOnce: 0, deliveries: 0, assignments: 0, revocations: 0 };
  const events: string[] = [];
  const held = Promise.withResolvers<void>();
  const firstStarted = Promise.withResolvers<void>();
  const consumer = bus.consumer();
  onTestFinished(() => consumer.stop());
  await consumer.run({
    topics: [topic],
    groupId,
    onPartitionsAssigned: () => {
      state.assignments++;
    },
    onPartitionsRevoked: () => {
      state.revocations++;
    },
    async eachBatch() {
      state.inHand++;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.inHand);
      const delivery = ++state.deliveries;
      if (delivery === 1) {
        firstStarted.resolve();
        await held.promise;
        events.push('first batch ended');
      }
      state.inHand--;
    },
  });
  await firstStarted.promise;

  const other = new KafkaConsumer({
    clientId: 'other',
    bootstrapBrokers: kafkaBrokers,
    groupId,
    autocommit: false,
  });
  onTestFinished(() => other.close(true));
  other.topics.trackAll(topic);
  await other.joinGroup({ sessionTimeout: 20_000, rebalanceTimeout: 20_000 });
  await expect.poll(() => state.revocations, { timeout: 30_000 }).toBeGreaterThan(0);
  const said = (text: string) => logged.some(({ message }) => message.includes(text));
  return { consumer, other, state, events, said, release: () => held.resolve() };
}

// A partition taken away while its batch is in hand and given back moments later (another member came
// and went) must not be delivered again until that batch has ended: two batches of one partition at
// once, in one process, would write its rows side by side. It once waited only for the last
// assignment's pipeline of the partition, which here did not exist or had never started.
it('delivers a partition given back to a member only after its batch in hand has ended', async () => {
  const { other, state, said, release } = await memberWithHeldBatch();
  await new Promise<void>((resolve, reject) => {
    other.leaveGroup(false, (error) => (error ? reject(error) : resolve()));
  });
  const before = state.assignments;
  await expect.poll(() => state.assignments, { timeout: 30_000 }).toBeGreaterThan(before);

  // Either the partition is delivered again at once (the first batch still in hand: the fault), or
  // the member says it waits for that batch; only then is the first batch let go.
  await expect
    .poll(() => state.deliveries > 1 || said('starts once its batch in hand has ended'), { timeout: 30_000 })
    .toBe(true);
  release();
  // Nothing was committed: the message comes again, after the first batch.
  await expect.poll(() => state.deliveries, { timeout: 30_000 }).toBeGreaterThan(1);
  expect(state.mostAtOnce).toBe(1);
}, 120_000);

// Stopping lets the batches in hand finish (the writer closes its warehouse after), a batch of a
// partition revoked meanwhile included; it once waited only for the current assignment's.
it('stops only after a batch of a partition revoked meanwhile has ended', async () => {
  const { consumer, events, said, release } = await memberWithHeldBatch();
  let stopped = false;
  const stopping = consumer.stop().then(() => {
    stopped = true;
    events.push('stopped');
  });
  // Either stop() ends with the batch still in hand (the fault), or it says it waits for it.
  await expect.poll(() => stopped || said('stopping: waits for'), { timeout: 30_000 }).toBe(true);
  release();
  await stopping;
  expect(events).toEqual(['first batch ended', 'stopped']);
}, 120_000);
