import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bus } from '@quarry/bus';
import type { Catalog } from '@quarry/catalog';
import { createControlApp, createControlServices } from '@quarry/control-api';
import {
  type ControlPlaneDeps,
  catalogDb,
  createKeyring,
  createProject,
  DEFAULT_PLANS,
  issuePat,
  setDestination,
  signup,
  type WarehouseDdl,
} from '@quarry/control-plane';
import type { Counters } from '@quarry/counters';
import { encodeLogEnvelope, type LogEvent, logMessageKey, type Topics } from '@quarry/pipeline';
import { localStack, tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { createWriter, type WriterDependencies } from '@quarry/writer';
import { z } from 'zod';
import { openSharedBackends, quietLogger, unique } from './pipeline.ts';
import { waitForCaughtUp } from './writer-process.ts';

export interface TestLogProject {
  id: number;
  slug: string;
  /** A webhook destination's Standard Webhooks secret, as the control API answered it once. */
  signingSecret?: string | undefined;
}

/** What the control-plane verbs need, on the test's backends (destinations sealed with the run's key). */
export function logControlDeps(
  backends: { catalog: Catalog; counters: Counters },
  warehouse: WarehouseDdl,
): ControlPlaneDeps {
  const db = catalogDb(backends.catalog);
  return {
    db,
    warehouse,
    counters: backends.counters,
    keyring: createKeyring(db, randomBytes(32)),
    destinationKey: testDestinationKey(),
    plans: DEFAULT_PLANS,
  };
}

/** A user and a project on the given plan, with the given destination (set through the verb). */
export async function createLogProject(
  backends: { catalog: Catalog; counters: Counters },
  warehouse: WarehouseDdl,
  options: { plan?: string; destination?: Record<string, string> } = {},
): Promise<TestLogProject> {
  const deps = logControlDeps(backends, warehouse);
  const { db } = deps;
  const user = await signup(deps, {
    email: `logs-${unique()}@test.quarry`,
    password: 'long enough password',
  });
  const ctx = { deps, actor: { userId: user.id } };
  const slug = `logs-${unique()}`;
  const project = await createProject(ctx, { slug });
  const change = options.destination ? await setDestination(ctx, slug, options.destination) : undefined;
  if (options.plan) await db.query('UPDATE projects SET plan = $2 WHERE id = $1', [project.id, options.plan]);
  return { id: project.id, slug, signingSecret: change?.signingSecret };
}

/** DateTime64(3) text, as the gateway normalizes event timestamps. */
export function chTime(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 23);
}

/** A valid event stamped now (well inside every plan's retention). */
export function logEvent(overrides: Partial<LogEvent> = {}): LogEvent {
  return {
    timestamp: chTime(new Date()),
    level: 'info',
    message: 'hello',
    metadata: '{}',
    env: '',
    source: '',
    ...overrides,
  };
}

/** One logs-topic message per request, as the gateway produces them; resolves on the broker's ack. */
export async function produceLogs(
  bus: Bus,
  topics: Topics,
  projectId: number,
  requests: LogEvent[][],
  traceId: (request: number) => string = (request) => `req_${request}`,
): Promise<void> {
  const producer = bus.producer();
  try {
    await producer.send(
      topics.logs,
      requests.map((events, request) => ({
        key: logMessageKey(projectId),
        value: encodeLogEnvelope({
          projectId,
          acceptedAt: new Date().toISOString(),
          traceId: traceId(request),
          events,
        }),
      })),
    );
  } finally {
    await producer.close();
  }
}

/**
 * Test receivers listen on 127.0.0.1, which a writer refuses unless the operator allows it: a test
 * that delivers to them passes `egress: { allowedCidrs: LOOPBACK_RECEIVERS }` to its own writer.
 */
export const LOOPBACK_RECEIVERS = ['127.0.0.1/32'];

/**
 * A writer in this process with quick delivery retries and the production egress rules (loopback
 * refused); stop it with `writer.stop()`. It delivers for every project of `backends.catalog`.
 */
export async function startLogWriter(
  backends: { bus: Bus; catalog: Catalog; topics: Topics },
  warehouse: Warehouse,
  overrides: Partial<WriterDependencies> = {},
) {
  const { writer } = await createWriter({
    logger: quietLogger(),
    bus: backends.bus,
    warehouse,
    catalog: backends.catalog,
    groupId: `writer-${unique()}`,
    maxRows: 10_000,
    retryMaxDelayMs: 500,
    topics: backends.topics,
    projectCacheMs: 200,
    destinationKey: testDestinationKey(),
    ...overrides,
    delivery: { pollMs: 50, backoff: { baseMs: 50, maxMs: 200 }, timeoutMs: 5_000, ...overrides.delivery },
  });
  return writer;
}

const StoredRow = z.object({
  message: z.string(),
  level: z.string(),
  trace_id: z.string(),
  retention_days: z.coerce.number(),
  position: z.string(),
});

/** The project's rows in the logs table, oldest position first. */
export async function storedLogs(warehouse: Warehouse, projectId: number) {
  return warehouse.query({
    name: 'test.stored_logs',
    sql: `SELECT message, level, trace_id, retention_days,
            concat(toString(__sourcePartition), '-', toString(__sourceOffset), '-', toString(__sourceIndex)) AS position
          FROM logs WHERE project_id = {project:UInt64}
          ORDER BY __sourcePartition, __sourceOffset, __sourceIndex`,
    params: { project: projectId },
    schema: StoredRow,
  });
}

export interface ReceivedRequest {
  at: number;
  headers: IncomingHttpHeaders;
  /** The body as sent, for signature checks. */
  raw: string;
  body: { project: string; events: { id: string; message: string; [key: string]: unknown }[] };
}

/** A real local HTTP server standing in for a webhook receiver; `answer` picks each status. */
export async function startReceiver(
  answer: (request: ReceivedRequest, index: number) => Promise<number> | number = () => 200,
  listen: { host?: string; port?: number } = {},
) {
  const host = listen.host ?? '127.0.0.1';
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const received: ReceivedRequest = { at: Date.now(), headers: req.headers, raw, body: JSON.parse(raw) };
      requests.push(received);
      const status = await answer(received, requests.length - 1);
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  // A taken port rejects here, for the caller to see, instead of an uncaught 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/hook`,
    port,
    requests,
    /** Distinct event messages received, in arrival order. */
    messages: () => [...new Set(requests.flatMap((request) => request.body.events.map((e) => e.message)))],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A control API (app.request) over the shared Kafka, Redis and PostgreSQL with its own embedded
 * warehouse, and a log writer storing into it: what the log search and explorer tests drive.
 */
export async function startLogSearchStack(name: string) {
  const backends = await openSharedBackends();
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir(name) });
  const services = createControlServices({
    logger: quietLogger(),
    catalog: backends.catalog,
    warehouse,
    counters: backends.counters,
    signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
    destinationKey: testDestinationKey(),
  });
  const app = createControlApp(services);
  const groupId = `writer-${unique()}`;
  const writer = await startLogWriter(backends, warehouse, { groupId });
  return {
    backends,
    warehouse,
    services,
    app,
    /** A new user owning a new project, and a PAT of theirs. */
    owner: async () => {
      const user = await signup(services, {
        email: `${name}-${unique()}@test.quarry`,
        password: 'long enough password',
      });
      const slug = `${name}-${unique()}`;
      const project = await createProject({ deps: services, actor: { userId: user.id } }, { slug });
      const { token } = await issuePat(services.db, user.id, 'test');
      return { token, slug, projectId: Number(project.id) };
    },
    send: (projectId: number, requests: LogEvent[][]) =>
      produceLogs(backends.bus, backends.topics, projectId, requests),
    caughtUp: () => waitForCaughtUp(localStack().kafkaBrokers, groupId, backends.topics.logs, 30_000),
    close: async () => {
      await writer.stop();
      await backends.bus.close();
      await backends.counters.close();
      await backends.catalog.close();
      await warehouse.close();
    },
  };
}
