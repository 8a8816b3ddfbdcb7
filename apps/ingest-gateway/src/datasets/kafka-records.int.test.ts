import { randomUUID } from 'node:crypto';
import type { BusMessage, Consumer } from '@quarry/bus';
import { decodeDatasetEnvelope, TOPICS } from '@quarry/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  eventually,
  openTestBackends,
  orderRecord,
  startTestGateway,
  type Tenant,
  type TestBackends,
  type TestGateway,
} from '../testing.ts';

describe('accepted records in Kafka', () => {
  let backends: TestBackends;
  let gateway: TestGateway;
  let tenant: Tenant;
  let consumer: Consumer;
  const received: (BusMessage & { partition: number })[] = [];
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startTestGateway(backends);
    tenant = await createTenant(backends.control);
    consumer = gateway.bus.consumer();
    await consumer.run({
      topics: [TOPICS.datasets],
      groupId: `kafka-records-test-${randomUUID()}`,
      async eachBatch(batch) {
        received.push(...batch.messages.map((message) => ({ ...message, partition: batch.partition })));
      },
    });
  });
  afterAll(async () => {
    await consumer?.stop();
    await gateway?.stop();
    await backends?.close();
  });

  const byTrace = (traceId: string) =>
    received.filter((message) => {
      const decoded = decodeDatasetEnvelope(message.value);
      return decoded.ok && decoded.envelope.traceId === traceId;
    });
  const envelopeOf = (message: BusMessage | undefined) => {
    const decoded = decodeDatasetEnvelope(message?.value ?? null);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.envelope;
  };

  it("holds every accepted request under the dataset's key, with the X-Request-Id as trace id", async () => {
    const suffix = randomUUID().slice(0, 8);
    const post = (path: string, body: unknown, requestId?: string) =>
      gateway.post(path, body, {
        apiKey: tenant.apiKey,
        headers: requestId ? { 'X-Request-Id': requestId } : {},
      });
    // Refused first: had any of it been queued, it would sit before the accepted ones in the partition.
    const refused = await post(
      `/datasets/${tenant.datasetId}/batch`,
      [orderRecord(), orderRecord({ amount: '1' })],
      `req_refused_${suffix}`,
    );
    expect(refused.status).toBe(400);

    const single = await post(`/datasets/${tenant.datasetId}`, orderRecord(), `req_one_${suffix}`);
    const batch = await post(
      `/datasets/${tenant.datasetId}/batch`,
      [orderRecord({ country: 'US', timestamp: '2026-06-10T12:00:00+02:00' }), orderRecord({ context: {} })],
      `req_batch_${suffix}`,
    );
    const anonymous = await post(`/datasets/${tenant.datasetId}`, orderRecord());
    expect([single.status, batch.status, anonymous.status]).toEqual([202, 202, 202]);
    const generatedId = anonymous.headers.get('x-request-id') ?? '';
    expect(generatedId).toMatch(/^req_/);

    const traces = [`req_one_${suffix}`, `req_batch_${suffix}`, generatedId];
    await eventually(async () => traces.every((trace) => byTrace(trace).length > 0), 30_000);

    const [one, many, generated] = traces.map((trace) => byTrace(trace));
    for (const messages of [one, many, generated]) {
      expect(messages).toHaveLength(1); // one request, one message, not stored twice
      expect(messages?.[0]?.key).toBe(`dataset:${tenant.datasetId}`);
    }
    expect(new Set([one, many, generated].map((messages) => messages?.[0]?.partition)).size).toBe(1);

    const envelope = envelopeOf(one?.[0]);
    expect(envelope).toMatchObject({
      v: 1,
      kind: 'dataset',
      datasetId: tenant.datasetId,
      projectId: tenant.projectId,
      traceId: `req_one_${suffix}`,
    });
    expect(Date.parse(envelope.acceptedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(envelope.rows).toEqual([
      {
        timestamp: '2026-06-10 10:00:00.000',
        context: '{"source":"test"}',
        country: 'RO',
        plan: 'pro',
        amount: 12.5,
        active: true,
        signup_at: '2026-01-02 03:04:05.000',
      },
    ]);
    const batchRows = envelopeOf(many?.[0]).rows;
    expect(batchRows.map((row) => [row.timestamp, row.country, row.context])).toEqual([
      ['2026-06-10 10:00:00.000', 'US', '{"source":"test"}'],
      ['2026-06-10 10:00:00.000', 'RO', '{}'],
    ]);
    expect(envelopeOf(generated?.[0]).traceId).toBe(generatedId);
    expect(byTrace(`req_refused_${suffix}`)).toEqual([]);
  });

  it('stores a printable X-Request-Id of up to 256 characters exactly as sent', async () => {
    const sent = `has spaces, "quotes" and / ; = ${'x'.repeat(200)} ${randomUUID()}`.slice(0, 256);
    const answer = await gateway.post(`/datasets/${tenant.datasetId}`, orderRecord(), {
      apiKey: tenant.apiKey,
      headers: { 'X-Request-Id': sent },
    });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-request-id')).toBe(sent);
    await eventually(async () => byTrace(sent).length === 1, 30_000);
  });

  it('replaces an X-Request-Id longer than 256 characters, and stores the one it answered with', async () => {
    const answer = await gateway.post(`/datasets/${tenant.datasetId}`, orderRecord(), {
      apiKey: tenant.apiKey,
      headers: { 'X-Request-Id': 'r'.repeat(257) },
    });
    expect(answer.status).toBe(202);
    const used = answer.headers.get('x-request-id') ?? '';
    expect(used).toMatch(/^req_[A-Za-z0-9_-]+$/);
    await eventually(async () => byTrace(used).length === 1, 30_000);
  });

  it('carries a body at the production size limit, whose message is far over Kafka’s 1 MiB default', async () => {
    const production = await startTestGateway(backends, {
      limits: { maxBodyBytes: 4 * 1024 * 1024, maxBatchRecords: 10_000 },
    });
    try {
      // Quotes double when context becomes JSON text inside the JSON envelope.
      const records = Array.from({ length: 10_000 }, (_, i) =>
        orderRecord({ plan: `big-${i}`, context: { note: '"'.repeat(130) } }),
      );
      const body = JSON.stringify(records);
      expect(body.length).toBeGreaterThan(3.5 * 1024 * 1024);
      expect(body.length).toBeLessThan(4 * 1024 * 1024);
      const traceId = `req_big_${randomUUID().slice(0, 8)}`;
      const answer = await production.post(`/datasets/${tenant.datasetId}/batch`, body, {
        apiKey: tenant.apiKey,
        headers: { 'X-Request-Id': traceId },
      });
      expect([answer.status, answer.body.count]).toEqual([202, 10_000]);
      await eventually(async () => byTrace(traceId).length === 1, 30_000);
      const [message] = byTrace(traceId);
      expect(message?.value.length).toBeGreaterThan(6 * 1024 * 1024);
      const rows = envelopeOf(message).rows;
      expect(rows.map((row) => row.plan)).toEqual(records.map((record) => record.plan));
    } finally {
      await production.stop();
    }
  });
});
