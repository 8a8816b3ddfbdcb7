import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Consumer as KafkaConsumer } from '@platformatic/kafka';
import { localStack, uniqueTopic } from '@quarry/testkit';
import { expect, it, onTestFinished } from 'vitest';
import { createBus } from '../create-bus.ts';
import { startConsuming } from '../testing/consume.ts';
import type { KafkaLogEntry } from './kafka-bus.ts';

/**
 * A member that joins `groupId`, says "joined" on stdout, then keeps heartbeating until it is frozen
 * (SIGSTOP): a process stalled mid-rebalance, which the broker waits for up to its session timeout.
 */
function startStallableMember(brokers: string[], groupId: string, topic: string): ChildProcess {
  const script = `
    import { Consumer } from '@platformatic/kafka';
    const member = new Consumer({ clientId: 'stalled', bootstrapBrokers: ${JSON.stringify(brokers)},
      groupId: ${JSON.stringify(groupId)}, autocommit: false });
    member.on('error', () => {});
    member.topics.trackAll(${JSON.stringify(topic)});
    await member.joinGroup({ sessionTimeout: 12000, rebalanceTimeout: 12000, heartbeatInterval: 1000 });
    console.log('joined');
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

it('keeps its place in the group when a rebalance outlasts its join request, instead of ending the process', async () => {
  const { kafkaBrokers } = localStack();
  const topic = uniqueTopic('rejoin');
  const groupId = uniqueTopic('group');
  const logged: KafkaLogEntry[] = [];
  // A join the broker holds longer than one request may wait fails in the client: short timeouts make
  // that happen in about 3 s here instead of the production 5 s × 6 tries.
  const bus = await createBus({
    kind: 'kafka',
    brokers: kafkaBrokers,
    clientId: 'rejoin-test',
    requestTimeoutMs: 1_000,
    retries: 2,
    sessionTimeoutMs: 6_000,
    fetch: { maxWaitMs: 100 },
    log: (entry) => logged.push(entry),
  });
  onTestFinished(() => bus.close());
  await bus.admin.ensureTopics([{ topic, partitions: 2 }]);
  const held = new Set<number>();
  const member = await startConsuming(bus, {
    topics: [topic],
    groupId,
    onPartitionsAssigned: (partitions) => {
      for (const { partition } of partitions) held.add(partition);
    },
    onPartitionsRevoked: (partitions) => {
      for (const { partition } of partitions) held.delete(partition);
    },
  });
  await expect.poll(() => held.size).toBe(2);

  // A second member joins, takes one partition, and freezes.
  const stalled = startStallableMember(kafkaBrokers, groupId, topic);
  onTestFinished(() => {
    stalled.kill('SIGCONT');
    stalled.kill('SIGKILL');
  });
  const [line] = (await once(stalled.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  expect(line.toString()).toContain('joined');
  await expect.poll(() => held.size, { timeout: 20_000 }).toBe(1);
  stalled.kill('SIGSTOP');

  // A third member starts a rebalance that waits for the frozen one (12 s): the first member's
  // rejoin is held past its request timeout and the client gives up on it.
  const third = new KafkaConsumer({
    clientId: 'third',
    bootstrapBrokers: kafkaBrokers,
    groupId,
    autocommit: false,
  });
  onTestFinished(() => third.close(true));
  third.topics.trackAll(topic);
  void third.joinGroup({ sessionTimeout: 20_000, rebalanceTimeout: 20_000 }).catch(() => undefined);
  await expect
    .poll(() => logged.some(({ message }) => message.startsWith('lost the group membership')), {
      timeout: 30_000,
    })
    .toBe(true);

  // Once the frozen member's session ended, the first member is in the group again and consumes.
  await expect.poll(() => held.size, { timeout: 40_000 }).toBeGreaterThan(0);
  // Twenty keys: some land on whichever partition it holds now.
  const keys = Array.from({ length: 20 }, (_, index) => `key-${index}`);
  await bus.producer().send(
    topic,
    keys.map((key) => ({ key, value: 'rejoined' })),
  );
  const received = await member.waitFor(1, 20_000);
  expect(received.every(({ value }) => value.toString() === 'rejoined')).toBe(true);
}, 90_000);
