import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@quarry/testkit';
import { describe, expect, it } from 'vitest';
import { startConsuming } from '../testing/consume.ts';
import { createEmbeddedBus } from './embedded-bus.ts';
import { encodeRecord } from './record-codec.ts';

const topic = 'events';
const logFile = (dataDir: string) => join(dataDir, 'topics', `${topic}.log`);

async function busWithRecords(dataDir: string, keys: string[]) {
  const bus = await createEmbeddedBus({ dataDir });
  await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
  await bus.producer().send(
    topic,
    keys.map((key) => ({ key, value: `value of ${key}` })),
  );
  return bus;
}

describe('embedded bus after a crash', () => {
  it('cuts a record torn by a crash and keeps every whole one', async () => {
    const dataDir = await tempDir('crash');
    await (await busWithRecords(dataDir, ['a', 'b', 'c'])).close();
    const whole = (await stat(logFile(dataDir))).size;
    // A crash in the middle of an append leaves the first bytes of a record and nothing after.
    await appendFile(
      logFile(dataDir),
      encodeRecord({ key: 'torn', value: 'x'.repeat(100) }, 0).subarray(0, 37),
    );

    const bus = await createEmbeddedBus({ dataDir });
    expect((await stat(logFile(dataDir))).size).toBe(whole);
    await bus.producer().send(topic, [{ key: 'd', value: 'after recovery' }]);
    const { waitFor } = await startConsuming(bus, { topics: [topic], groupId: 'writer' });
    const messages = await waitFor(4);
    expect(messages.map(({ offset, key }) => `${offset}:${key}`)).toEqual(['0:a', '1:b', '2:c', '3:d']);
    await bus.close();
  });

  it('cuts a tail whose bytes do not match their checksum', async () => {
    const dataDir = await tempDir('crash');
    await (await busWithRecords(dataDir, ['a'])).close();
    const garbage = encodeRecord({ key: 'z', value: 'zzz' }, 0);
    garbage.writeUInt8(garbage.readUInt8(garbage.length - 1) ^ 0xff, garbage.length - 1);
    await appendFile(logFile(dataDir), garbage);

    const bus = await createEmbeddedBus({ dataDir });
    const { waitFor, received } = await startConsuming(bus, { topics: [topic], groupId: 'writer' });
    await waitFor(1);
    expect(received.map((message) => message.key)).toEqual(['a']);
    await bus.close();
  });

  it('keeps committed offsets in a file that is whole after every commit', async () => {
    const dataDir = await tempDir('crash');
    const bus = await busWithRecords(dataDir, ['a', 'b']);
    const { consumer, waitFor } = await startConsuming(bus, { topics: [topic], groupId: 'writer' });
    await waitFor(2);
    await Promise.all([consumer.commit(topic, 0, '1'), consumer.commit(topic, 0, '2')]);
    expect(JSON.parse(await readFile(join(dataDir, 'offsets.json'), 'utf8'))).toEqual({
      writer: { events: 2 },
    });
    await bus.close();
  });

  it('refuses a second open of a data directory that is in use', async () => {
    const dataDir = await tempDir('crash');
    const bus = await createEmbeddedBus({ dataDir });
    await expect(createEmbeddedBus({ dataDir })).rejects.toThrow(/already open/);
    await bus.close();
    await (await createEmbeddedBus({ dataDir })).close();
  });

  it('resolves concurrent sends once each is stored, with contiguous offsets', async () => {
    const dataDir = await tempDir('crash');
    const bus = await busWithRecords(dataDir, []);
    const producer = bus.producer();
    await Promise.all(
      Array.from({ length: 50 }, (_, n) => producer.send(topic, [{ key: String(n), value: 'v' }])),
    );
    const { waitFor } = await startConsuming(bus, { topics: [topic], groupId: 'writer' });
    const messages = await waitFor(50);
    expect(messages.map((message) => message.offset)).toEqual(
      Array.from({ length: 50 }, (_, n) => String(n)),
    );
    expect(new Set(messages.map((message) => message.key)).size).toBe(50);
    await bus.close();
  });
});
