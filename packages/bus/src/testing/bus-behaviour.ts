import { uniqueTopic } from '@quarry/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageTooLargeError, UnknownTopicError } from '../errors.ts';
import type { Bus, TopicPartition } from '../types.ts';
import { startConsuming } from './consume.ts';

/** Opens a bus on the same backing state every time (same brokers, same data directory). */
export type OpenBus = () => Promise<Bus>;

/** The behaviour every bus implementation promises; each implementation runs it with its own opener. */
export function describeBusBehaviour(name: string, makeOpener: () => Promise<OpenBus>): void {
  describe(name, () => {
    const opened: Bus[] = [];
    const openBus = async (open: OpenBus) => {
      const bus = await open();
      opened.push(bus);
      return bus;
    };
    const withTopic = async () => {
      const open = await makeOpener();
      const bus = await openBus(open);
      const topic = uniqueTopic('bus');
      await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
      return { open, bus, topic };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((bus) => bus.close()));
    });

    it('delivers what was sent, in order, with key, headers and value', async () => {
      const { bus, topic } = await withTopic();
      const producer = bus.producer();
      await producer.send(topic, [
        { key: 'a', value: 'first', headers: { source: 'test' } },
        { key: 'b', value: Buffer.from([0, 1, 2]) },
      ]);
      await producer.send(topic, [{ key: 'c', value: 'third' }]);
      const { waitFor } = await startConsuming(bus, { topics: [topic], groupId: uniqueTopic('group') });
      const messages = await waitFor(3);
      expect(messages.map(({ offset, key }) => [offset, key])).toEqual([
        ['0', 'a'],
        ['1', 'b'],
        ['2', 'c'],
      ]);
      expect(messages[0]?.value.toString()).toBe('first');
      expect(messages[0]?.headers).toEqual({ source: 'test' });
      expect(messages[1]?.value).toEqual(Buffer.from([0, 1, 2]));
      expect(messages[2]?.timestamp).toBeGreaterThan(Date.now() - 60_000);
    });

    it('pushes records sent after the consumer started', async () => {
      const { bus, topic } = await withTopic();
      const { waitFor } = await startConsuming(bus, { topics: [topic], groupId: uniqueTopic('group') });
      await bus.producer().send(topic, [{ key: 'late', value: 'arrives' }]);
      expect((await waitFor(1))[0]?.key).toBe('late');
    });

    it('a restarted consumer in the same group resumes after the committed offset', async () => {
      const { open, bus, topic } = await withTopic();
      const groupId = uniqueTopic('group');
      await bus.producer().send(
        topic,
        ['0', '1', '2', '3', '4'].map((key) => ({ key, value: key })),
      );
      const first = await startConsuming(bus, { topics: [topic], groupId });
      await first.waitFor(5);
      await first.consumer.commit(topic, 0, '3');
      await first.consumer.stop();
      await bus.close();

      const restarted = await startConsuming(await openBus(open), { topics: [topic], groupId });
      const again = await restarted.waitFor(2);
      expect(again.map((message) => message.key)).toEqual(['3', '4']);
    });

    it('delivers records again when their group never committed them', async () => {
      const { bus, topic } = await withTopic();
      const groupId = uniqueTopic('group');
      await bus.producer().send(topic, [{ key: 'once', value: 'x' }]);
      const first = await startConsuming(bus, { topics: [topic], groupId });
      await first.waitFor(1);
      await first.consumer.stop();
      const second = await startConsuming(bus, { topics: [topic], groupId });
      expect((await second.waitFor(1)).map((message) => message.offset)).toEqual(['0']);
    });

    it('gives every group every record', async () => {
      const { bus, topic } = await withTopic();
      await bus.producer().send(topic, [{ key: 'k', value: 'v' }]);
      const one = await startConsuming(bus, { topics: [topic], groupId: uniqueTopic('group') });
      const two = await startConsuming(bus, { topics: [topic], groupId: uniqueTopic('group') });
      expect(await one.waitFor(1)).toHaveLength(1);
      expect(await two.waitFor(1)).toHaveLength(1);
    });

    it('reports lag as the records not yet committed', async () => {
      const { bus, topic } = await withTopic();
      await bus.producer().send(
        topic,
        ['a', 'b', 'c', 'd'].map((key) => ({ key, value: key })),
      );
      const { consumer, waitFor } = await startConsuming(bus, {
        topics: [topic],
        groupId: uniqueTopic('group'),
      });
      await waitFor(4);
      expect(consumer.lag()).toEqual([
        { topic, partition: 0, highWatermark: '4', committedOffset: '0', lag: 4 },
      ]);
      await consumer.commit(topic, 0, '3');
      expect(consumer.lag()[0]?.lag).toBe(1);
    });

    it('tells operators where a topic ends and where a group committed', async () => {
      const { bus, topic } = await withTopic();
      await bus.producer().send(
        topic,
        ['a', 'b'].map((key) => ({ key, value: key })),
      );
      const groupId = uniqueTopic('group');
      expect(await bus.admin.offsets(topic, groupId)).toEqual([{ partition: 0, end: '2', committed: null }]);
      const { consumer, waitFor } = await startConsuming(bus, { topics: [topic], groupId });
      await waitFor(2);
      await consumer.commit(topic, 0, '1');
      expect(await bus.admin.offsets(topic, groupId)).toEqual([{ partition: 0, end: '2', committed: '1' }]);
      expect(await bus.admin.offsets(topic)).toEqual([{ partition: 0, end: '2', committed: null }]);
    });

    it('announces assigned partitions on run and revokes them on stop', async () => {
      const { bus, topic } = await withTopic();
      const events: [string, TopicPartition[]][] = [];
      const { consumer } = await startConsuming(bus, {
        topics: [topic],
        groupId: uniqueTopic('group'),
        onPartitionsAssigned: (partitions) => void events.push(['assigned', partitions]),
        onPartitionsRevoked: (partitions) => void events.push(['revoked', partitions]),
      });
      await expect.poll(() => events.length).toBe(1);
      await consumer.stop();
      expect(events).toEqual([
        ['assigned', [{ topic, partition: 0 }]],
        ['revoked', [{ topic, partition: 0 }]],
      ]);
    });

    it('accepts one send of many records that together exceed the per-record limit', async () => {
      const { bus, topic } = await withTopic();
      const records = Array.from({ length: 12 }, (_, n) => ({
        key: String(n),
        value: Buffer.alloc(200_000, n),
      }));
      await bus.producer().send(topic, records);
      const { waitFor } = await startConsuming(bus, { topics: [topic], groupId: uniqueTopic('group') });
      expect((await waitFor(12)).map((message) => message.value[0])).toEqual(records.map((_, n) => n));
    });

    it('refuses a record over the size limit with MessageTooLargeError', async () => {
      const { bus, topic } = await withTopic();
      const send = bus.producer().send(topic, [{ key: 'big', value: Buffer.alloc(2 * 1024 * 1024) }]);
      await expect(send).rejects.toBeInstanceOf(MessageTooLargeError);
    });

    it('refuses to send to a topic that was never created', async () => {
      const { bus } = await withTopic();
      const send = bus.producer().send(uniqueTopic('missing'), [{ key: 'k', value: 'v' }]);
      await expect(send).rejects.toBeInstanceOf(UnknownTopicError);
    });

    it('ensures topics idempotently and answers ping', async () => {
      const { bus, topic } = await withTopic();
      await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
      await expect(bus.admin.ping()).resolves.toBeUndefined();
    });
  });
}
