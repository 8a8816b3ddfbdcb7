import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, type BusMessage, createBus, type KafkaBusConfig } from '@quarry/bus';
import type { Counters } from '@quarry/counters';
import { createLogger } from '@quarry/observability';
import { decodeLogEnvelope, type LogEnvelope, type Topics, topicNames, topicSpecs } from '@quarry/pipeline';
import { localStack } from '@quarry/testkit';
import { afterAll, beforeAll } from 'vitest';
import type { GatewayLimits, IdempotencySettings, RateLimitSettings } from '../services.ts';
import { DEFAULT_IDEMPOTENCY } from '../services.ts';
import { type RunningGateway, startGateway } from '../start.ts';
import {
  createTenant,
  openTestBackends,
  type PostOptions,
  postJson,
  TEST_LIMITS,
  type Tenant,
  type TestBackends,
  type TestGateway,
} from '../testing.ts';

/** Topics of their own, so parallel test files never read each other's messages. */
export function testTopics(): Topics {
  return topicNames(`test-${randomUUID().slice(0, 8)}`);
}

export interface LogGatewayOptions {
  topics: Topics;
  /** Defaults to the run's broker. */
  brokers?: string[];
  bus?: Partial<Omit<KafkaBusConfig, 'kind' | 'brokers'>>;
  limits?: Partial<GatewayLimits>;
  /** Plan default for projects without a limit of their own; -1 (unlimited) unless given. */
  defaultLogsQuota?: number;
  logRateLimit?: RateLimitSettings;
  idempotency?: Partial<IdempotencySettings>;
  /** A store of their own for Idempotency-Key records; the backends' counters unless given. */
  idempotencyCounters?: Counters;
  /** Create the topics first (skip for a broker that is not there). */
  ensureTopics?: boolean;
}

export interface LogTestGateway extends TestGateway {
  /** POST to /v1/logs with `{"events": events}`. */
  logs(events: unknown[], options?: PostOptions): ReturnType<TestGateway['post']>;
}

/** A gateway over real Kafka, Redis and PostgreSQL, producing to `options.topics`. */
export async function startLogGateway(
  backends: TestBackends,
  options: LogGatewayOptions,
): Promise<LogTestGateway> {
  const bus = await createBus({
    kind: 'kafka',
    brokers: options.brokers ?? localStack().kafkaBrokers,
    clientId: `log-gateway-test-${randomUUID().slice(0, 8)}`,
    ...options.bus,
  });
  if (options.ensureTopics ?? true) await ensureTopicsReady(bus, options.topics);
  const gateway: RunningGateway = await startGateway(
    {
      logger: createLogger({ service: 'ingest-gateway-test', level: 'silent' }),
      bus,
      catalog: backends.catalog,
      counters: backends.counters,
      limits: { ...TEST_LIMITS, ...options.limits },
      quotaDefaults: { datasetRecordsPerMonth: -1, logsPerMonth: options.defaultLogsQuota ?? -1 },
      refresh: { keyStatusMs: 500, publicKeyMs: 1_000, unknownDatasetTtlMs: 200, keyLastUseMs: 200 },
      topics: options.topics,
      logRateLimit: options.logRateLimit ?? { ratePerSecond: 10_000, burst: 10_000 },
      idempotency: { ...DEFAULT_IDEMPOTENCY, ...options.idempotency },
      ...(options.idempotencyCounters ? { idempotencyCounters: options.idempotencyCounters } : {}),
    },
    { port: 0, host: '127.0.0.1' },
  );
  const url = gateway.server.url;
  return {
    url,
    gateway,
    bus,
    post: (path, body, postOptions) => postJson(url, path, body, postOptions),
    logs: (events, postOptions) => postJson(url, '/v1/logs', { events }, postOptions),
    async stop() {
      await gateway.stop();
      await bus.close();
    },
  };
}

/**
 * Creates the topics and waits until every partition has a leader. Right after creating topics the
 * broker sometimes answers "does not host this topic-partition" until the leaders settle, so retry.
 */
async function ensureTopicsReady(bus: Bus, topics: Topics): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await bus.admin.ensureTopics(topicSpecs(topics));
      for (const topic of Object.values(topics)) await bus.admin.offsets(topic);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(250);
    }
  }
}

export interface LogMessage {
  key: string;
  envelope: LogEnvelope;
}

/** Collects every message of the logs topic from its beginning, decoded. */
export async function collectLogMessages(bus: Bus, topics: Topics) {
  const messages: LogMessage[] = [];
  const consumer = bus.consumer();
  await consumer.run({
    topics: [topics.logs],
    groupId: `logs-test-${randomUUID()}`,
    async eachBatch(batch) {
      for (const message of batch.messages) messages.push(decode(message));
    },
  });
  return {
    messages,
    byTrace: (traceId: string) => messages.filter((message) => message.envelope.traceId === traceId),
    stop: () => consumer.stop(),
  };
}

function decode(message: BusMessage): LogMessage {
  const decoded = decodeLogEnvelope(message.value);
  if (!decoded.ok) throw new Error(`undecodable log message: ${decoded.reason}`);
  return { key: message.key, envelope: decoded.envelope };
}

export interface LogGatewaySuite {
  topics: Topics;
  backends: TestBackends;
  gateway: LogTestGateway;
  tenant: Tenant;
  log: Awaited<ReturnType<typeof collectLogMessages>>;
}

/**
 * Backends, a gateway on topics of its own, a tenant and a reader of the logs topic, set up before
 * the describe block that calls this and closed after it. Read the fields inside tests only.
 */
export function logGatewaySuite(): LogGatewaySuite {
  const suite = { topics: testTopics() } as LogGatewaySuite;
  beforeAll(async () => {
    suite.backends = await openTestBackends();
    suite.gateway = await startLogGateway(suite.backends, { topics: suite.topics });
    suite.tenant = await createTenant(suite.backends.control);
    suite.log = await collectLogMessages(suite.gateway.bus, suite.topics);
  });
  afterAll(async () => {
    await suite.log?.stop();
    await suite.gateway?.stop();
    await suite.backends?.close();
  });
  return suite;
}
