import { randomInt } from 'node:crypto';
import { createControlApp, createControlServices } from '@quarry/control-api';
import { createGatewayApp } from '@quarry/ingest-gateway';
import { localStack, tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import {
  groupProgress,
  type IsolatedBackends,
  openIsolatedBackends,
  quietLogger,
  startTestGateway,
  unique,
  waitForCaughtUp,
} from '../../src/index.ts';
import { LOOPBACK_RECEIVERS, startLogWriter, startReceiver } from '../../src/logs.ts';

export type Service = 'control' | 'gateway';

export interface Call {
  service: Service;
  method: string;
  path: string;
  /** Sent as `Authorization: Bearer …` when present. */
  credential?: string | undefined;
  /** Sent as JSON; a string is sent as it is (e.g. broken JSON). */
  body?: unknown;
  headers?: Record<string, string> | undefined;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  json: unknown;
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export interface Stack {
  backends: IsolatedBackends;
  warehouse: Warehouse;
  controlApp: ReturnType<typeof createControlApp>;
  /** The gateway's route table, read from an app built over the running gateway's own services. */
  gatewayApp: ReturnType<typeof createGatewayApp>;
  send(call: Call): Promise<Reply>;
  newReceiver(): Promise<Receiver>;
  /** Resolves once the writer stored everything produced so far (both topics). */
  caughtUp(): Promise<void>;
  /** Messages on the datasets and logs topics: a refused request must not add any. */
  producedMessages(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The real control API, ingest gateway and writer composed in this process on a catalog and a Redis
 * of our own, the run's Kafka (topics of a namespace of our own) and one chDB warehouse the control
 * API and the writer share, as the embedded runner composes them. Own catalog: another file's writer
 * would deliver our tenants' lanes. Own Redis: another file's usage flush (a control API stopping,
 * `quarry usage flush`) would move our `usage_delta:*` between two snapshots that must be equal.
 */
export async function openStack(): Promise<Stack> {
  const backends = await openIsolatedBackends();
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('isolation-warehouse') });
  const services = createControlServices({
    logger: quietLogger(),
    catalog: backends.catalog,
    warehouse,
    counters: backends.counters,
    signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
    destinationKey: testDestinationKey(),
  });
  const controlApp = createControlApp(services);
  const gateway = await startTestGateway(backends);
  const group = `isolation-writer-${unique()}`;
  // The tenants' webhook receivers listen on 127.0.0.1: refused unless the operator allows it.
  const writer = await startLogWriter(backends, warehouse, {
    groupId: group,
    egress: { allowedCidrs: LOOPBACK_RECEIVERS },
  });
  const receivers: Receiver[] = [];
  const brokers = localStack().kafkaBrokers;

  const send = async (call: Call): Promise<Reply> => {
    const headers: Record<string, string> = { ...call.headers };
    if (call.credential !== undefined) headers.authorization = `Bearer ${call.credential}`;
    let body: string | undefined;
    if (call.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    }
    const init = { method: call.method, headers, body };
    // The control API runs in-process; the login throttle reads the socket address the node adapter sets.
    const response =
      call.service === 'control'
        ? await controlApp.request(call.path, init, { incoming: { socket: { remoteAddress: address() } } })
        : await fetch(`${gateway.server.url}${call.path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  };

  return {
    backends,
    warehouse,
    controlApp,
    gatewayApp: createGatewayApp(gateway.services),
    send,
    async newReceiver() {
      const receiver = await startReceiver();
      receivers.push(receiver);
      return receiver;
    },
    async caughtUp() {
      for (const topic of [backends.topics.datasets, backends.topics.logs]) {
        await waitForCaughtUp(brokers, group, topic, 30_000);
      }
    },
    async producedMessages() {
      let total = 0;
      for (const topic of [backends.topics.datasets, backends.topics.logs]) {
        total += (await groupProgress(brokers, group, topic)).end;
      }
      return total;
    },
    async close() {
      await gateway.stop();
      await writer.stop();
      for (const receiver of receivers) await receiver.close();
      await services.lastUse.flush().catch(() => undefined);
      await backends.close();
      await warehouse.close();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function address(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}
