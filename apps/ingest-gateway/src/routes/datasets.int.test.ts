import { HTTP_REASONS } from '@quarry/contract';
import { changeIngestKey, createDataset, registerSchema } from '@quarry/control-plane';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Answer,
  createTenant,
  eventually,
  openTestBackends,
  orderRecord,
  signArbitraryClaims,
  startTestGateway,
  TEST_LIMITS,
  type Tenant,
  type TestBackends,
  type TestGateway,
} from '../testing.ts';

/** Every error is the one JSON envelope with the contract's exact message. */
function expectError(answer: Answer, status: number, message: string, details: Record<string, unknown> = {}) {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: { error: HTTP_REASONS[status], message, ...details },
  });
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
}

const ACCEPTED_ONE = '{"success":true,"status":"queued"}';

describe('dataset ingest over HTTP (contract §2)', () => {
  let backends: TestBackends;
  let gateway: TestGateway;
  let tenant: Tenant;
  let other: Tenant;
  let post: TestGateway['post'];
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startTestGateway(backends);
    post = gateway.post;
    [tenant, other] = await Promise.all([
      createTenant(backends.control, { defaultFields: { message: 'string' } }),
      createTenant(backends.control),
    ]);
  });
  afterAll(async () => {
    await gateway?.stop();
    await backends?.close();
  });

  const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    post(path, body, { apiKey: tenant.apiKey, headers });
  const single = (body: unknown) => send(`/datasets/${tenant.datasetId}`, body);
  const batch = (body: unknown) => send(`/datasets/${tenant.datasetId}/batch`, body);

  describe('success', () => {
    it('answers one record with exactly {"success":true,"status":"queued"}', async () => {
      const answer = await single(orderRecord());
      expect(answer.status).toBe(202);
      expect(JSON.stringify(answer.body)).toBe(ACCEPTED_ONE);
    });

    it('answers a batch with exactly {"success":true,"count":2,"status":"queued"}', async () => {
      const answer = await batch([orderRecord(), orderRecord({ country: 'US' })]);
      expect(answer.status).toBe(202);
      expect(JSON.stringify(answer.body)).toBe('{"success":true,"count":2,"status":"queued"}');
    });

    it("sends the legacy endpoints to the project's default dataset", async () => {
      const record = { timestamp: '2026-06-10T10:00:00Z', context: {}, message: 'hi' };
      const one = await send('/datasets', record);
      expect([one.status, JSON.stringify(one.body)]).toEqual([202, ACCEPTED_ONE]);
      const many = await send('/datasets/batch', [record, record, record]);
      expect([many.status, many.body]).toEqual([202, { success: true, count: 3, status: 'queued' }]);
      // The default dataset's schema applies, not the other dataset's.
      expectError(await send('/datasets', orderRecord()), 400, 'Extra field: country');
    });

    it('lets X-Loguro-Dataset-Id select the dataset of the path-less endpoints', async () => {
      const header = { 'X-Loguro-Dataset-Id': String(tenant.datasetId) };
      expect((await send('/datasets', orderRecord(), header)).status).toBe(202);
      const answer = await send('/datasets/batch', [orderRecord(), orderRecord()], header);
      expect([answer.status, answer.body.count]).toEqual([202, 2]);
    });

    it('takes the dataset from the path when both are given', async () => {
      const answer = await send(`/datasets/${tenant.datasetId}`, orderRecord(), {
        'X-Loguro-Dataset-Id': 'not-a-number',
      });
      expect(answer.status).toBe(202);
    });

    it('echoes the X-Request-Id it was given', async () => {
      const answer = await send(`/datasets/${tenant.datasetId}`, orderRecord(), {
        'X-Request-Id': 'req_123',
      });
      expect(answer.headers.get('x-request-id')).toBe('req_123');
    });
  });

  describe('Invalid dataset ID', () => {
    it.each(['abc', '0', '-1', '1.5', '1e3', '07', '0x10', '99999999999999999999'])(
      'answers 400 for the path id %j',
      async (id) => {
        expectError(await send(`/datasets/${id}`, orderRecord()), 400, 'Invalid dataset ID');
        expectError(await send(`/datasets/${id}/batch`, [orderRecord()]), 400, 'Invalid dataset ID');
      },
    );

    it.each(['abc', '0', '-3', '', '2.0'])('answers 400 for the header value %j', async (value) => {
      const header = { 'X-Loguro-Dataset-Id': value };
      expectError(await send('/datasets', orderRecord(), header), 400, 'Invalid dataset ID');
      expectError(await send('/datasets/batch', [orderRecord()], header), 400, 'Invalid dataset ID');
    });

    it('is the first check: it wins over a missing key and a broken body', async () => {
      expectError(await post('/datasets/abc', '{not json'), 400, 'Invalid dataset ID');
    });
  });

  describe('the key (401 and 403)', () => {
    it('answers 401 Missing API key without a bearer token', async () => {
      const path = `/datasets/${tenant.datasetId}`;
      expectError(await post(path, orderRecord()), 401, 'Missing API key');
      const basic = { authorization: 'Basic dXNlcjpwYXNz' };
      expectError(await post(path, orderRecord(), { headers: basic }), 401, 'Missing API key');
      expectError(await post(path, orderRecord(), { apiKey: '' }), 401, 'Missing API key');
    });

    it('takes the bearer scheme in any case, as HTTP auth schemes are', async () => {
      const path = `/datasets/${tenant.datasetId}`;
      for (const scheme of ['bearer', 'BEARER', 'Bearer ']) {
        const answer = await post(path, orderRecord(), {
          headers: { authorization: `${scheme} ${tenant.apiKey}` },
        });
        expect([scheme, answer.status]).toEqual([scheme, 202]);
      }
    });

    it('answers 401 Invalid API key for a key that is not one of ours', async () => {
      const path = `/datasets/${tenant.datasetId}`;
      const [head = '', payload = '', signature = ''] = tenant.apiKey.split('.');
      const otherPayload = other.apiKey.split('.')[1] ?? '';
      const forgeries = [
        'garbage',
        `${head}.${otherPayload}.${signature}`, // another project's claims under this signature
        `${head}.${payload}.${signature.slice(0, -4)}AAAA`,
        `${head}.${payload}`,
        `qk_${Buffer.from('{"alg":"EdDSA","kid":"nobody"}').toString('base64url')}.${payload}.${signature}`,
      ];
      for (const apiKey of forgeries) {
        expectError(await post(path, orderRecord(), { apiKey }), 401, 'Invalid API key');
      }
    });

    it('answers 401 Project not found in API token claims for a signed key without a project', async () => {
      const claims = { userId: String(tenant.userId), keyId: 'key_test', iat: 1_700_000_000 };
      const payloads = [claims, { ...claims, projectId: '' }, { ...claims, projectId: 'abc' }];
      const keys = await Promise.all(
        payloads.map((payload) => signArbitraryClaims(backends.control, payload)),
      );
      const path = `/datasets/${tenant.datasetId}`;
      // A signing key added a moment ago is trusted once the gateway's public-key refresh has seen it.
      await eventually(
        async () =>
          (await post(path, orderRecord(), { apiKey: keys[2] })).status === 401 &&
          (await post(path, orderRecord(), { apiKey: keys[2] })).body.message !== 'Invalid API key',
      );
      for (const apiKey of keys) {
        expectError(
          await post(path, orderRecord(), { apiKey }),
          401,
          'Project not found in API token claims',
        );
      }
    });

    it('answers 403 while a key is disabled, again 202 once enabled, and 403 for good once revoked', async () => {
      const owner = await createTenant(backends.control);
      const path = `/datasets/${owner.datasetId}`;
      const status = async () => (await post(path, orderRecord(), { apiKey: owner.apiKey })).status;
      expect(await status()).toBe(202);

      await changeIngestKey(owner.ctx, owner.slug, { id: owner.keyId, action: 'disable' });
      await eventually(async () => (await status()) === 403, 3_000);
      expectError(
        await post(path, orderRecord(), { apiKey: owner.apiKey }),
        403,
        'API key revoked or disabled',
      );

      await changeIngestKey(owner.ctx, owner.slug, { id: owner.keyId, action: 'enable' });
      await eventually(async () => (await status()) === 202, 3_000);

      await changeIngestKey(owner.ctx, owner.slug, { id: owner.keyId, action: 'revoke' });
      await eventually(async () => (await status()) === 403, 3_000);
      await changeIngestKey(owner.ctx, owner.slug, { id: owner.keyId, action: 'enable' });
      // A status refresh that ran after the change, awaited rather than waited for.
      await gateway.gateway.services.keys.status.refresh();
      expect(await status()).toBe(403);
    });
  });

  describe('Dataset schema not found (404)', () => {
    it('answers 404 for an id no dataset has', async () => {
      expectError(await send('/datasets/987654321', orderRecord()), 404, 'Dataset schema not found');
    });

    it("answers 404 for another project's dataset, by path or header, as for an unknown one", async () => {
      expectError(await send(`/datasets/${other.datasetId}`, orderRecord()), 404, 'Dataset schema not found');
      expectError(
        await send('/datasets/batch', [orderRecord()], { 'X-Loguro-Dataset-Id': String(other.datasetId) }),
        404,
        'Dataset schema not found',
      );
      // and the other project's own key still works there
      const own = await post(`/datasets/${other.datasetId}`, orderRecord(), { apiKey: other.apiKey });
      expect(own.status).toBe(202);
    });

    it('answers 404 before the schema is registered, and accepts records soon after', async () => {
      const pending = await createDataset(tenant.ctx, tenant.slug, { name: `Pending ${Date.now()}` });
      const path = `/datasets/${pending.id}`;
      expectError(await send(path, orderRecord()), 404, 'Dataset schema not found');
      await registerSchema(tenant.ctx, tenant.slug, pending.id, { fields: { country: 'string' } });
      const record = { timestamp: '2026-06-10T10:00:00Z', context: {}, country: 'RO' };
      await eventually(async () => (await send(path, record)).status === 202, 3_000);
    });

    it("answers 404 on the legacy endpoints while the project's default dataset has no schema", async () => {
      expectError(
        await post('/datasets', orderRecord(), { apiKey: other.apiKey }),
        404,
        'Dataset schema not found',
      );
      expectError(
        await post('/datasets/batch', [orderRecord()], { apiKey: other.apiKey }),
        404,
        'Dataset schema not found',
      );
    });

    it('comes before the body is read', async () => {
      expectError(await send('/datasets/987654321', '{broken'), 404, 'Dataset schema not found');
    });
  });

  describe('Invalid JSON body', () => {
    it.each([
      ['a truncated object', '{"timestamp":'],
      ['an empty body', ''],
      ['a bare word', 'nul'],
      ['trailing garbage', '{"a":1}}'],
      ['single quotes', "{'a':1}"],
      ['unbalanced nesting', '['.repeat(20_000)],
      ['control characters', '\u0000\u0001'],
    ])('answers 400, never 500, for %s', async (_, body) => {
      expectError(await single(body), 400, 'Invalid JSON body');
      expectError(await batch(body), 400, 'Invalid JSON body');
    });

    it('answers 400 for bytes that are not UTF-8', async () => {
      const response = await fetch(`${gateway.url}/datasets/${tenant.datasetId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
        body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      });
      expect([response.status, await response.json()]).toEqual([
        400,
        { error: 'Bad Request', message: 'Invalid JSON body' },
      ]);
    });

    it('answers a deeply nested but valid body with a 4xx, never a 500', async () => {
      const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
      expectError(await single(deep), 400, 'Payload must be an object');
      const deepContext = `{"timestamp":"2026-06-10T10:00:00Z","context":{"a":${deep}},"country":"RO","plan":"p","amount":1,"active":true,"signup_at":"2026-06-10"}`;
      const answer = await single(deepContext);
      expect([202, 400]).toContain(answer.status);
    });
  });

  describe('body shape', () => {
    it.each([[[]], [[orderRecord()]], ['text'], [42], [null], [true]])(
      'answers Payload must be an object on the single endpoint for %j',
      async (body) => {
        expectError(await single(JSON.stringify(body)), 400, 'Payload must be an object');
      },
    );

    it.each([[[]], [{}], [orderRecord()], ['text'], [null], [0]])(
      'answers Batch body must be a non-empty array on the batch endpoint for %j',
      async (body) => {
        expectError(await batch(JSON.stringify(body)), 400, 'Batch body must be a non-empty array');
      },
    );
  });

  describe('record checks, each with its exact message', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a missing timestamp', orderRecord({ timestamp: undefined }), 'Invalid or missing timestamp'],
      ['a null timestamp', orderRecord({ timestamp: null }), 'Invalid or missing timestamp'],
      ['an unparseable timestamp', orderRecord({ timestamp: 'yesterday' }), 'Invalid or missing timestamp'],
      ['a numeric timestamp', orderRecord({ timestamp: 1_781_085_600 }), 'Invalid or missing timestamp'],
      [
        'an impossible date',
        orderRecord({ timestamp: '2026-02-30T00:00:00Z' }),
        'Invalid or missing timestamp',
      ],
      ['a missing context', orderRecord({ context: undefined }), 'context must be an object'],
      ['a string context', orderRecord({ context: '{}' }), 'context must be an object'],
      ['an array context', orderRecord({ context: [] }), 'context must be an object'],
      ['a null context', orderRecord({ context: null }), 'context must be an object'],
      ['an undeclared field', orderRecord({ extra: 1 }), 'Extra field: extra'],
      ['a missing declared field', orderRecord({ amount: undefined }), 'Missing field: amount'],
      ['a number for a string', orderRecord({ country: 5 }), 'Invalid string field: country'],
      ['null for a string', orderRecord({ plan: null }), 'Invalid string field: plan'],
      ['"12.5" for a number', orderRecord({ amount: '12.5' }), 'Invalid number field: amount'],
      ['"true" for a boolean', orderRecord({ active: 'true' }), 'Invalid boolean field: active'],
      ['1 for a boolean', orderRecord({ active: 1 }), 'Invalid boolean field: active'],
      ['a word for a timestamp', orderRecord({ signup_at: 'soon' }), 'Invalid timestamp field: signup_at'],
      ['a number for a timestamp', orderRecord({ signup_at: 0 }), 'Invalid timestamp field: signup_at'],
    ];
    it.each(cases)('answers 400 for %s', async (_, record, message) => {
      expectError(await single(record), 400, message);
      expectError(await batch([orderRecord(), record]), 400, message, { index: 1 });
    });

    it('refuses a number JSON can only read as Infinity', async () => {
      const text = JSON.stringify(orderRecord()).replace('"amount":12.5', '"amount":1e400');
      expectError(await single(text), 400, 'Invalid number field: amount');
    });

    it('answers the first failure in the contract order', async () => {
      const everythingWrong = { context: 'x', extra: 1, country: 5 };
      expectError(await single(everythingWrong), 400, 'Invalid or missing timestamp');
      expectError(
        await single({ ...everythingWrong, timestamp: '2026-06-10' }),
        400,
        'context must be an object',
      );
      expectError(
        await single({ ...everythingWrong, timestamp: '2026-06-10', context: {} }),
        400,
        'Extra field: extra',
      );
      // a missing field before a mistyped one, even one declared earlier; mistyped ones in schema order
      expectError(await single(orderRecord({ country: 5, amount: undefined })), 400, 'Missing field: amount');
      expectError(
        await single(orderRecord({ signup_at: 'x', active: 'x', amount: 'x', country: 5 })),
        400,
        'Invalid string field: country',
      );
    });

    it('names the index of the first invalid record and queues nothing of the batch', async () => {
      const records = [
        orderRecord(),
        orderRecord(),
        orderRecord({ amount: undefined }),
        orderRecord({ x: 1 }),
      ];
      expectError(await batch(records), 400, 'Missing field: amount', { index: 2 });
      expectError(await batch([orderRecord({ timestamp: 'x' })]), 400, 'Invalid or missing timestamp', {
        index: 0,
      });
    });
  });

  describe('limits (413)', () => {
    it('answers 413 for a body over the limit, whether or not it announces its length', async () => {
      const message = `Body too large (at most ${TEST_LIMITS.maxBodyBytes} bytes)`;
      const big = orderRecord({ context: { pad: 'x'.repeat(TEST_LIMITS.maxBodyBytes) } });
      expectError(await single(big), 413, message);
      expectError(await batch([big]), 413, message);

      const chunks = [JSON.stringify(big).slice(0, 40_000), JSON.stringify(big).slice(40_000)];
      const response = await fetch(`${gateway.url}/datasets/${tenant.datasetId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect([response.status, await response.json()]).toEqual([
        413,
        { error: 'Payload Too Large', message },
      ]);
    });

    it('answers 413 for a batch longer than the limit, and accepts one of exactly the limit', async () => {
      const max = TEST_LIMITS.maxBatchRecords;
      const records = Array.from({ length: max + 1 }, () => orderRecord({ context: {} }));
      expectError(await batch(records), 413, `Batch too large (at most ${max} records)`);
      const answer = await batch(records.slice(0, max));
      expect([answer.status, answer.body.count]).toEqual([202, max]);
    });
  });

  describe('hostile and unusual input', () => {
    it('answers Extra field: __proto__ and Extra field: constructor, and pollutes nothing', async () => {
      const proto = JSON.stringify(orderRecord()).replace(/}$/, ',"__proto__":{"polluted":"yes"}}');
      expectError(await single(proto), 400, 'Extra field: __proto__');
      expectError(await batch(`[${JSON.stringify(orderRecord())},${proto}]`), 400, 'Extra field: __proto__', {
        index: 1,
      });
      const ctor = JSON.stringify(orderRecord()).replace(
        /}$/,
        ',"constructor":{"prototype":{"polluted":"yes"}}}',
      );
      expectError(await single(ctor), 400, 'Extra field: constructor');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('accepts __proto__ inside context (any JSON object) without polluting anything', async () => {
      const text = JSON.stringify(orderRecord({ context: { nested: 1 } })).replace(
        '"nested":1',
        '"nested":1,"__proto__":{"polluted":"yes"}',
      );
      expect((await single(text)).status).toBe(202);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('never reads declared fields named like Object.prototype members from the prototype', async () => {
      const odd = await createTenant(backends.control, {
        fields: JSON.parse('{"constructor":"string","toString":"number","hasOwnProperty":"boolean"}'),
      });
      const path = `/datasets/${odd.datasetId}`;
      const base = { timestamp: '2026-06-10T10:00:00Z', context: {} };
      const answer = (body: unknown) => post(path, body, { apiKey: odd.apiKey });
      expectError(await answer(base), 400, 'Missing field: constructor');
      expectError(await answer({ ...base, constructor: 'c' }), 400, 'Missing field: toString');
      expectError(
        await answer({ ...base, constructor: 'c', toString: 1, hasOwnProperty: 'no' }),
        400,
        'Invalid boolean field: hasOwnProperty',
      );
      expect((await answer({ ...base, constructor: 'c', toString: 1, hasOwnProperty: true })).status).toBe(
        202,
      );
    });

    it('reads the body as JSON whatever the Content-Type says (curl -d sends form encoding)', async () => {
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-8',
      ]) {
        const answer = await send(`/datasets/${tenant.datasetId}`, orderRecord(), { 'content-type': type });
        expect([type, answer.status]).toEqual([type, 202]);
      }
      const form = await send(`/datasets/${tenant.datasetId}`, 'country=RO&amount=1', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expectError(form, 400, 'Invalid JSON body');
    });

    it('refuses a batch spanning more than 12 months (each a warehouse partition) with 400, and takes 12', async () => {
      const month = (index: number) =>
        orderRecord({
          timestamp: `${1900 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-15T00:00:00Z`,
        });
      const centuries = Array.from({ length: 50 }, (_, index) => month(index * 97));
      expectError(
        await batch(centuries),
        400,
        'Records span too many months (at most 12 distinct months per request); split the batch by month',
      );
      expect((await batch(Array.from({ length: 13 }, (_, index) => month(index)))).status).toBe(400);
      expect((await batch(Array.from({ length: 12 }, (_, index) => month(index)))).status).toBe(202);
    });

    it('answers JSON for a route or method it does not serve', async () => {
      const response = await fetch(`${gateway.url}/datasets/${tenant.datasetId}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'Not Found' });
    });
  });
});
