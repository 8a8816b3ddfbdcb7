import { createHash, randomUUID } from 'node:crypto';
import type { Counters } from '@quarry/counters';
import { decodeDatasetEnvelope } from '@quarry/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectLogMessages,
  type LogTestGateway,
  startLogGateway,
  testTopics,
} from './logs/log-test-gateway.ts';
import {
  createTenant,
  eventually,
  freePort,
  openTestBackends,
  orderRecord,
  type Tenant,
  type TestBackends,
} from './testing.ts';

const topics = testTopics();

describe('Idempotency-Key on log and dataset ingest', () => {
  let backends: TestBackends;
  let gateway: LogTestGateway;
  /** A second replica on the same Redis: retries may land on either. */
  let replica: LogTestGateway;
  /** Waits at most 200 ms for a request still running under the same key. */
  let impatient: LogTestGateway;
  /** Its broker is not there: every produce fails with a 503, after a second or two of retries. */
  let stranded: LogTestGateway;
  let tenant: Tenant;
  let log: Awaited<ReturnType<typeof collectLogMessages>>;
  const datasetPlans: string[] = [];
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startLogGateway(backends, { topics });
    replica = await startLogGateway(backends, { topics });
    impatient = await startLogGateway(backends, { topics, idempotency: { waitMs: 200 } });
    stranded = await startLogGateway(backends, {
      topics,
      brokers: [`127.0.0.1:${await freePort()}`],
      bus: { retries: 4, connectionTimeoutMs: 300, requestTimeoutMs: 1_000 },
      ensureTopics: false,
    });
    tenant = await createTenant(backends.control);
    log = await collectLogMessages(gateway.bus, topics);
    await gateway.bus.consumer().run({
      topics: [topics.datasets],
      groupId: `idempotency-datasets-${randomUUID()}`,
      async eachBatch(batch) {
        for (const message of batch.messages) {
          const decoded = decodeDatasetEnvelope(message.value);
          if (decoded.ok) datasetPlans.push(...decoded.envelope.rows.map((row) => String(row.plan)));
        }
      },
    });
  });
  afterAll(async () => {
    await log?.stop();
    await Promise.all([gateway, replica, impatient, stranded].map((each) => each?.stop()));
    await backends?.close();
  });

  const unique = () => randomUUID();
  /** How many queued messages carry an event with this message text. */
  const stored = (text: string) =>
    log.messages.filter((message) => message.envelope.events.some((event) => event.message === text)).length;
  const sendLogs = (via: LogTestGateway, text: string, key: string, apiKey = tenant.apiKey) =>
    via.logs([{ message: text }, { message: `${text} (2)` }], {
      apiKey,
      headers: { 'Idempotency-Key': key },
    });
  /** A sentinel through the same project's partition: once read, every earlier message was too. */
  const drained = async () => {
    const text = `sentinel ${unique()}`;
    expect((await gateway.logs([{ message: text }], { apiKey: tenant.apiKey })).status).toBe(202);
    await eventually(async () => stored(text) === 1, 20_000);
  };

  it('answers a sequential retry with the same status and body, and stores the events once', async () => {
    const [text, key] = [unique(), unique()];
    const first = await sendLogs(gateway, text, key);
    const retry = await sendLogs(replica, text, key);
    expect(first).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(retry).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const single = { message: `${text} single` };
    const headers = { 'Idempotency-Key': unique() };
    for (let i = 0; i < 3; i++) {
      expect(await gateway.post('/v1/ingest', single, { apiKey: tenant.apiKey, headers })).toMatchObject({
        status: 202,
        body: { accepted: 1 },
      });
    }
    await drained();
    expect(stored(text)).toBe(1);
    expect(stored(single.message)).toBe(1);
  });

  it('takes a keyed NDJSON body (read once for the fingerprint and the events) and stores it once', async () => {
    const text = unique();
    const body = `${JSON.stringify({ message: text })}\n${JSON.stringify({ message: `${text} (2)` })}\n`;
    const headers = { 'content-type': 'application/x-ndjson', 'Idempotency-Key': unique() };
    const first = await gateway.post('/v1/logs', body, { apiKey: tenant.apiKey, headers });
    const retry = await replica.post('/v1/logs', body, { apiKey: tenant.apiKey, headers });
    expect(first).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(retry).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    await drained();
    expect(stored(text)).toBe(1);
  });

  it('stores racing retries once: the others wait for the first outcome and answer the same', async () => {
    const [text, key] = [unique(), unique()];
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => sendLogs(i % 2 === 0 ? gateway : replica, text, key)),
    );
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual(
      Array(8).fill([202, { accepted: 2 }]),
    );
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    await drained();
    expect(stored(text)).toBe(1);
  });

  it('keeps the same Idempotency-Key of two API keys apart', async () => {
    const other = await createTenant(backends.control);
    const [text, key] = [unique(), unique()];
    expect((await sendLogs(gateway, text, key)).headers.get('idempotent-replayed')).toBeNull();
    expect((await sendLogs(gateway, text, key, other.apiKey)).headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses the same key for a different request with 422, and changes nothing', async () => {
    const key = unique();
    expect((await sendLogs(gateway, unique(), key)).status).toBe(202);
    const text = unique();
    const reused = await sendLogs(gateway, text, key);
    expect(reused.status).toBe(422);
    expect(reused.body).toEqual({
      error: 'Unprocessable Entity',
      message: 'Idempotency-Key already used for a different request',
    });
    const otherPath = await gateway.post(
      '/v1/ingest',
      { message: text },
      {
        apiKey: tenant.apiKey,
        headers: { 'Idempotency-Key': key },
      },
    );
    expect(otherPath.status).toBe(422);
    await drained();
    expect(stored(text)).toBe(0);
  });

  it('does not remember a refused request: the corrected retry with the same key is accepted', async () => {
    const [text, key] = [unique(), unique()];
    const headers = { 'Idempotency-Key': key };
    const invalid = await gateway.logs([{ message: text, level: 'fatal' }], {
      apiKey: tenant.apiKey,
      headers,
    });
    expect(invalid.status).toBe(400);
    expect((await gateway.logs([{ message: text }], { apiKey: tenant.apiKey, headers })).status).toBe(202);
    await drained();
    expect(stored(text)).toBe(1);
  });

  it('frees the key when the first attempt failed with a retriable 503: a waiting retry then succeeds', async () => {
    const [text, key] = [unique(), unique()];
    const failing = sendLogs(stranded, text, key);
    // Wait until the stranded attempt holds the claim (its record is in Redis), not for a guessed time.
    const claimed = `idem:*:${createHash('sha256').update(key).digest('hex')}`;
    await eventually(async () => (await backends.counters.scanKeys(claimed)).length === 1, 10_000);
    const inProgress = await sendLogs(impatient, text, key);
    expect(inProgress.status).toBe(503);
    expect(inProgress.headers.get('retry-after')).toBe('1');
    expect(inProgress.body.message).toBe(
      'A request with this Idempotency-Key is still in progress; retry later',
    );
    const waiting = sendLogs(gateway, text, key);

    expect((await failing).status).toBe(503);
    const retried = await waiting;
    expect(retried).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect((await sendLogs(replica, text, key)).headers.get('idempotent-replayed')).toBe('true');
    await drained();
    expect(stored(text)).toBe(1);
  });

  it('refuses an Idempotency-Key that is empty, too long or not printable ASCII', async () => {
    for (const key of [' ', 'k'.repeat(256), 'clé']) {
      const answer = await sendLogs(gateway, unique(), key);
      expect(answer).toMatchObject({
        status: 400,
        body: { message: 'Invalid Idempotency-Key (1 to 255 printable ASCII characters)' },
      });
    }
  });

  it('shares Redis steps among concurrent requests: each key claimed and answered once, each retry replayed', async () => {
    // The run's Redis, counting the writes each step carries.
    const trips: number[] = [];
    const counted: Counters = {
      ...backends.counters,
      setMany: (writes) => {
        trips.push(writes.length);
        return backends.counters.setMany(writes);
      },
    };
    const shared = await startLogGateway(backends, { topics, idempotencyCounters: counted });
    try {
      const requests = Array.from({ length: 30 }, () => ({ text: unique(), key: unique() }));
      const send = (some: typeof requests) =>
        Promise.all(some.map(({ text, key }) => sendLogs(shared, text, key)));
      const replayed = (answers: Awaited<ReturnType<typeof send>>) =>
        answers.map((answer) => [answer.status, answer.headers.get('idempotent-replayed')]);
      expect(replayed(await send(requests.slice(0, 15)))).toEqual(Array(15).fill([202, null]));
      // Retries of the first half interleaved with the second half: steps mix refused and taken claims.
      const mixed = requests.slice(0, 15).flatMap((retry, i) => [retry, requests[15 + i] ?? retry]);
      expect(replayed(await send(mixed))).toEqual(
        Array(15)
          .fill([
            [202, 'true'],
            [202, null],
          ])
          .flat(),
      );
      const retries = await send(requests);
      expect(retries.map((answer) => [answer.status, answer.body])).toEqual(
        Array(30).fill([202, { accepted: 2 }]),
      );
      expect(replayed(retries)).toEqual(Array(30).fill([202, 'true']));
      // 30 claims taken and 30 answers, 45 claims refused: fewer steps than writes.
      expect(trips.reduce((sum, count) => sum + count, 0)).toBe(105);
      expect(trips.length).toBeLessThan(105);
      await drained();
      expect(requests.map(({ text }) => stored(text))).toEqual(Array(30).fill(1));
    } finally {
      await shared.stop();
    }
  });

  it('stores a dataset 202 as its JSON text, without base64, and replays it byte for byte with the same headers', async () => {
    const key = unique();
    const body = JSON.stringify([orderRecord({ plan: unique() })]);
    const send = (via: LogTestGateway) =>
      fetch(`${via.url}/datasets/${tenant.datasetId}/batch`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tenant.apiKey}`,
          'content-type': 'application/json',
          'Idempotency-Key': key,
        },
        body,
      });
    const first = await send(gateway);
    const firstText = await first.text();
    expect(first.status).toBe(202);
    // The record every gateway reads: a `done` claim without `type` is JSON text (what gateways
    // before OTLP's protobuf answers wrote), so an old replica replays it as it is, and so does a new one.
    const [record] = await backends.counters.scanKeys(
      `idem:*:${createHash('sha256').update(key).digest('hex')}`,
    );
    expect(JSON.parse((await backends.counters.get(record ?? '')) ?? 'null')).toEqual({
      state: 'done',
      fingerprint: expect.any(String),
      status: 202,
      body: firstText,
    });
    const retry = await send(replica);
    expect(retry.status).toBe(202);
    expect(await retry.text()).toBe(firstText);
    const headers = (answer: Response) =>
      [...answer.headers].filter(([name]) => !['date', 'x-request-id', 'idempotent-replayed'].includes(name));
    expect(headers(retry)).toEqual(headers(first));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('works the same on the dataset endpoints', async () => {
    const plan = unique();
    const path = `/datasets/${tenant.datasetId}/batch`;
    const headers = { 'Idempotency-Key': unique() };
    const answers = await Promise.all(
      [gateway, replica, gateway].map((via) =>
        via.post(path, [orderRecord({ plan }), orderRecord({ plan })], { apiKey: tenant.apiKey, headers }),
      ),
    );
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual(
      Array(3).fill([202, { success: true, count: 2, status: 'queued' }]),
    );
    const single = await gateway.post(`/datasets/${tenant.datasetId}`, orderRecord({ plan }), {
      apiKey: tenant.apiKey,
      headers,
    });
    expect(single.status).toBe(422);
    const sentinel = unique();
    expect(
      (await gateway.post(path, [orderRecord({ plan: sentinel })], { apiKey: tenant.apiKey })).status,
    ).toBe(202);
    await eventually(async () => datasetPlans.includes(sentinel), 20_000);
    expect(datasetPlans.filter((each) => each === plan)).toHaveLength(2);
  });
});
