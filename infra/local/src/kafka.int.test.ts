import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { startKafka } from './kafka.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const dataDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'quarry-launcher-'));
  dirs.push(dir);
  return dir;
};

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.destroy());
  });

describe('startKafka', () => {
  it('keeps topics across a restart on the same data directory, and stop() frees the port', async () => {
    const dir = await dataDir();
    const first = await startKafka({ dataDir: dir });
    const admin = () => new Admin({ clientId: 'launcher-test', bootstrapBrokers: first.brokers });
    const creating = admin();
    await creating.createTopics({ topics: ['kept'], partitions: 2, replicas: -1 });
    await creating.close();
    await first.stop();
    const port = Number(first.brokers[0]?.split(':')[1]);
    expect(await accepts(port)).toBe(false);

    const second = await startKafka({ dataDir: dir, port });
    const listing = admin();
    expect(await listing.listTopics()).toContain('kept');
    await listing.close();
    await second.stop();
  });

  it('refuses a port that is already taken instead of mistaking its owner for the new broker', async () => {
    const port = await freePort();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startKafka({ dataDir: await dataDir(), port })).rejects.toThrow(
        `127.0.0.1:${port} is already in use`,
      );
    } finally {
      squatter.close();
    }
  });

  // A port picked free may be taken before the broker binds it (another process's outgoing
  // connection can get it as its ephemeral port): seen once as "Address already in use" on the
  // controller's port in a full run beside a CPU burner.
  it('starts again on another port when one picked for it was taken before it could bind it', async () => {
    const taken = await freePort();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(taken, '127.0.0.1', resolve));
    const picked: number[] = [];
    // The client port is given; the first port picked (the controller's) is the squatter's.
    const pickPort = async () => {
      const port = picked.length === 0 ? taken : await freePort();
      picked.push(port);
      return port;
    };
    try {
      const kafka = await startKafka({ dataDir: await dataDir(), port: await freePort(), pickPort });
      const admin = new Admin({ clientId: 'launcher-test', bootstrapBrokers: kafka.brokers });
      expect(await admin.listTopics()).toBeInstanceOf(Array);
      await admin.close();
      await kafka.stop();
    } finally {
      squatter.close();
    }
    expect(picked[0]).toBe(taken);
    expect(picked.length).toBe(2);
  });

  it('explains a broker that is not ready in time with the tail of its log', async () => {
    const failure = startKafka({ dataDir: await dataDir(), readyTimeoutMs: 1 });
    await expect(failure).rejects.toThrow(
      /was not ready within 1 ms[\s\S]*--- last lines of .*broker\.log ---/,
    );
  });
});
