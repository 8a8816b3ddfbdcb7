import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { BusMessage, Consumer } from '@quarry/bus';
import { decodeDatasetEnvelope, TOPICS } from '@quarry/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMISSION_MESSAGES } from './admission.ts';
import {
  createTenant,
  eventually,
  openTestBackends,
  orderRecord,
  startTestGateway,
  TEST_LIMITS,
  type Tenant,
  type TestBackends,
  type TestGateway,
} from './testing.ts';

const BODY = JSON.stringify(orderRecord({ context: { pad: 'x'.repeat(TEST_LIMITS.maxBodyBytes - 1_000) } }));
// Room for four such bodies at once, not five.
const BUDGET = Buffer.byteLength(BODY) * 4 + 100;

interface HeldRequest {
  answer: Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }>;
  /** Sends the rest of the body. */
  finish(): void;
}

describe('admission before the body is read (issue 15 item 4)', () => {
  let backends: TestBackends;
  let gateway: TestGateway;
  let tenant: Tenant;
  let consumer: Consumer;
  const received: BusMessage[] = [];
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startTestGateway(backends, { limits: { maxInFlightBytes: BUDGET } });
    tenant = await createTenant(backends.control);
    consumer = gateway.bus.consumer();
    await consumer.run({
      topics: [TOPICS.datasets],
      groupId: `admission-test-${randomUUID()}`,
      async eachBatch(batch) {
        received.push(...batch.messages);
      },
    });
  });
  afterAll(async () => {
    await consumer?.stop();
    await gateway?.stop();
    await backends?.close();
  });

  /** A request whose headers and first body bytes are sent; the rest waits for `finish`. */
  const hold = (traceId: string, options: { chunked?: boolean; gzip?: boolean } = {}): HeldRequest => {
    const body = options.gzip ? gzipSync(BODY) : Buffer.from(BODY);
    const url = new URL(`/datasets/${tenant.datasetId}`, gateway.url);
    const headers: Record<string, string> = {
      authorization: `Bearer ${tenant.apiKey}`,
      'content-type': 'application/json',
      'x-request-id': traceId,
    };
    if (!options.chunked) headers['content-length'] = String(body.byteLength);
    if (options.gzip) headers['content-encoding'] = 'gzip';
    const req = httpRequest(url, { method: 'POST', headers, agent: false });
    const answer = new Promise<Awaited<HeldRequest['answer']>>((resolve, reject) => {
      req.on('error', reject);
      req.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) }),
        );
      });
    });
    req.write(body.subarray(0, 100));
    return { answer, finish: () => req.end(body.subarray(100)) };
  };

  const admittedBytes = async () => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();

    return Number(/^quarry_ingest_admitted_bytes(?:{[^}]*})? (\d+)$/m.exec(text)?.[1]);
  };
  const stored = (traceId: string) =>
    received.some((message) => {
      const decoded = decodeDatasetEnvelope(message.value);
      return decoded.ok && decoded.envelope.traceId === traceId;
    });

  it('answers 503 with Retry-After before reading the body once the byte budget is held, and stores what it admitted', async () => {
    const run = randomUUID().slice(0, 8);
    const slow = [0, 1, 2, 3].map((i) => hold(`slow-${run}-${i}`));
    await eventually(async () => (await admittedBytes()) === Buffer.byteLength(BODY) * 4);

    // A flood while the budget is held: every request is refused with its body still unsent.
    const flood = Array.from({ length: 50 }, (_, i) => hold(`flood-${run}-${i}`, { chunked: i % 2 === 0 }));
    const refused = await Promise.all(flood.map((request) => request.answer));
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body).toEqual({ error: 'Service Unavailable', message: ADMISSION_MESSAGES.busy });
    }
    expect(await admittedBytes()).toBe(Buffer.byteLength(BODY) * 4);

    for (const request of slow) request.finish();
    const accepted = await Promise.all(slow.map((request) => request.answer));
    expect(accepted.map((answer) => answer.status)).toEqual([202, 202, 202, 202]);
    await eventually(async () => [0, 1, 2, 3].every((i) => stored(`slow-${run}-${i}`)), 20_000);
    expect(received.some((message) => message.value?.includes(`flood-${run}`))).toBe(false);

    // The reservations are released with the answers: the next request is admitted again.
    expect(await admittedBytes()).toBe(0);
    const next = hold(`next-${run}`);
    next.finish();
    expect((await next.answer).status).toBe(202);
  });

  it.each([
    ['a chunked body, which has no length to go by', { chunked: true }],
    ['a gzip body, whatever its length says: it may inflate to the bound', { gzip: true }],
  ])('reserves the whole body bound for %s', async (_, options) => {
    const run = randomUUID().slice(0, 8);
    const held = hold(`whole-${run}`, options);
    await eventually(async () => (await admittedBytes()) === TEST_LIMITS.maxBodyBytes);
    held.finish();
    expect((await held.answer).status).toBe(202);
    expect(await admittedBytes()).toBe(0);
    await eventually(async () => stored(`whole-${run}`), 20_000);
  });
});
