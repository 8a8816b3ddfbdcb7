import { connect, createServer, type Socket } from 'node:net';
import { createBus } from '@quarry/bus';
import { topicNames, topicSpecs } from '@quarry/pipeline';
import { localStack, tempDir } from '@quarry/testkit';
import { expect, it, onTestFinished } from 'vitest';
import { freePort } from '../../apps/ingest-gateway/src/testing.ts';
import { readiness, settlesTo } from '../reliability/faults/harness.ts';
import { exitOf, killWhenDone, spawnWriter, unique } from '../src/index.ts';

/** Resolves once the writer logged `times` retries of its group join, or with its exit code if it exited first. */
function joinRetriesOrExit(
  child: ReturnType<typeof spawnWriter>,
  times: number,
): Promise<'retrying' | number | null> {
  return new Promise((resolve) => {
    let seen = 0;
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('"failing":"bus"').length - 1;
      if (seen >= times) resolve('retrying');
    });
    void exitOf(child).then(resolve);
  });
}

/**
 * The writer's bootstrap address: nothing listens on it (connections are refused, as by a broker
 * that is down) until `open()`, then it forwards to the run's broker, whose metadata sends the client
 * on to the broker itself. A broker down, then up, without stopping the one other test files share.
 */
async function bootstrapProxy(broker: string) {
  const [host, port] = broker.split(':') as [string, string];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  const listenPort = await freePort();
  return {
    address: `127.0.0.1:${listenPort}`,
    open: () => new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve)),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

// A writer can start before its broker is back (a node restarted, the whole stack brought up at
// once). It waits for the broker as it waits for the warehouse: up, not ready, and ready once the
// broker answers, instead of exiting after the Kafka client's own few retries.
it('a writer started while its broker is down stays up, not ready, and becomes ready once the broker is', {
  timeout: 90_000,
}, async () => {
  const broker = localStack().kafkaBrokers[0] as string;
  const namespace = `test-${unique()}`;
  const admin = await createBus({ kind: 'kafka', brokers: [broker], clientId: `test-${unique()}` });
  await admin.admin.ensureTopics(
    topicSpecs(topicNames(namespace)).map((spec) => ({ ...spec, partitions: 1 })),
  );
  await admin.close();
  const proxy = await bootstrapProxy(broker);
  onTestFinished(() => proxy.close());

  const healthPort = await freePort();
  const writer = spawnWriter({
    brokers: [proxy.address],
    namespace,
    group: `writer-${unique()}`,
    warehouseDir: await tempDir('writer-broker-start'),
    env: { HEALTH_PORT: String(healthPort), LOG_LEVEL: 'warn' },
  });
  killWhenDone(writer);
  const url = `http://127.0.0.1:${healthPort}`;

  // Two failed joins: the first already spent the client's retries (before, the writer exited there).
  expect(await joinRetriesOrExit(writer, 2)).toBe('retrying');
  expect(await readiness(url)).toEqual({ status: 503, failing: ['bus', 'starting'] });

  await proxy.open();
  expect(await settlesTo(async () => (await readiness(url)).status, 200, 60_000)).toBe(200);
  writer.kill('SIGTERM');
  expect(await exitOf(writer)).toBe(0);
});
