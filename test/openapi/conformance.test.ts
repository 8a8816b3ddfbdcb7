import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { controlClient } from '@quarry/openapi-client';
import { tempDir } from '@quarry/testkit';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';
import { arbitraryFor } from './arbitrary.ts';

// The embedded stack starts in seconds, but a loaded CI machine can take minutes.
const STARTUP_MS = 180_000;
type Json = Record<string, unknown>;
type SendInit = { headers?: Record<string, string>; body?: string };
type Answer = { status: number; headers: Headers; body: Json | undefined };

/**
 * Refusals a body the document calls valid may still get, because they depend on the dataset's
 * schema, on another field or on an opaque cursor; each is stated in words in the document.
 */
const STATED_IN_WORDS = [
  /^Unknown field/,
  /^context cannot/,
  /^Aggregate \w+ needs/,
  /^Bucket needs/,
  /^Operator \w+ needs a \w+/,
  /^Invalid \w+ value for field/,
  /^Alias must not reuse/,
  /^Duplicate output name/,
  /^Field must be in groupBy/,
  /^having needs/,
  /^range\.from must not be after range\.to$/,
  /^Use either offset or cursor, not both$/,
  /^Invalid cursor$/,
  /^Condition (nested too deeply|has too many)/,
  // The query language's rules that depend on the range, the tz database or RE2, stated in words.
  /^Invalid time zone: /,
  /^Bucket \w+ takes no timeZone/,
  /^Too many buckets: /,
  /^Only one bucket can fill$/,
  /^fill (needs|orders|cannot)/,
  /^totals needs an aggregate/,
  /^orderBy on an aggregate needs/,
  /^range\.last reaches before 1900$/,
  /^(Pattern too long|Unsupported regular expression|Invalid regular expression in matches)/,
  // A token's expiry is checked against the server's clock.
  /must be in the future$/,
];

interface Case {
  plane: 'control' | 'gateway';
  method: 'post' | 'patch';
  path: string;
  params?: Record<string, string | number>;
  /** Arbitraries for named properties, e.g. field names from the dataset's schema. */
  properties?: Record<string, fc.Arbitrary<unknown>>;
}

describe('the server keeps to its OpenAPI documents (a Schemathesis-style property)', () => {
  let stack: EmbeddedProcess;
  const documents: Record<Case['plane'], Json> = { control: {}, gateway: {} };
  const auth = { control: '', gateway: '' };
  const ids = { project: '', dataset: 0, pending: 0 };
  const ajv = new Ajv2020({ strict: false, validateFormats: false });

  beforeAll(async () => {
    stack = await startEmbedded(await tempDir('openapi-conformance'), STARTUP_MS);
    const { controlUrl, ingestUrl } = stack.bootstrap;
    documents.control = (await (await fetch(`${controlUrl}/openapi.json`)).json()) as Json;
    documents.gateway = (await (await fetch(`${ingestUrl}/openapi.json`)).json()) as Json;
    ajv.addSchema(documents.control, 'control');
    ajv.addSchema(documents.gateway, 'gateway');

    const email = `conformance-${randomUUID().slice(0, 8)}@example.com`;
    const password = `pw-${randomUUID()}`;
    const anonymous = controlClient(controlUrl);
    await anonymous.POST('/api/auth/signup', { body: { email, password } });
    const login = await anonymous.POST('/api/auth/login', { body: { email, password } });
    auth.control = login.data?.token ?? '';
    const control = controlClient(controlUrl, auth.control);
    ids.project = `conformance-${randomUUID().slice(0, 8)}`;
    await control.POST('/api/projects', { body: { slug: ids.project } });
    const project = { params: { path: { project: ids.project } } };
    const dataset = await control.POST('/api/datasets/{project}', { ...project, body: { name: 'Orders' } });
    ids.dataset = dataset.data?.dataset.id ?? 0;
    await control.POST('/api/datasets/{project}/{id}/schema', {
      params: { path: { project: ids.project, id: ids.dataset } },
      body: { fields: { country: 'string', amount: 'number', paid_at: 'timestamp', active: 'boolean' } },
    });
    const pending = await control.POST('/api/datasets/{project}', { ...project, body: { name: 'Pending' } });
    ids.pending = pending.data?.dataset.id ?? 0;
    const key = await control.POST('/api/projects/{project}/keys', { ...project, body: { name: 'fuzz' } });
    auth.gateway = key.data?.apiKey ?? '';
  }, STARTUP_MS * 2);
  afterAll(async () => {
    if (stack?.child.exitCode === null) await stack.stop();
  });

  // A connection per request (no keep-alive): an early refusal closes its connection by design.
  const send = (plane: Case['plane'], method: string, path: string, init: SendInit = {}) => {
    const base = plane === 'control' ? stack.bootstrap.controlUrl : stack.bootstrap.ingestUrl;
    const headers = {
      authorization: `Bearer ${auth[plane]}`,
      'content-type': 'application/json',
      ...init.headers,
    };
    return new Promise<Answer>((resolve, reject) => {
      const request = httpRequest(new URL(path, base), {
        method: method.toUpperCase(),
        headers,
        agent: false,
      });
      request.on('error', reject);
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: new Headers(response.headers as Record<string, string>),
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      });
      request.end(init.body);
    });
  };

  /** Checks an answer against the operation's documented responses: status, headers and body. */
  const expectDocumented = (plane: Case['plane'], template: string, method: string, answer: Answer) => {
    const where = `${method.toUpperCase()} ${template} answered ${answer.status} ${JSON.stringify(answer.body)}`;
    const operation = ((documents[plane].paths as Json)[template] as Json)[method] as Json;
    const responses = operation.responses as Json;
    expect(Object.keys(responses), where).toContain(String(answer.status));
    const pointer = `/paths/${template.replaceAll('/', '~1')}/${method}/responses/${answer.status}`;
    const documented = responses[String(answer.status)] as Json;
    if (documented.content) {
      const validate = ajv.getSchema(`${plane}#${pointer}/content/application~1json/schema`);
      expect(validate?.(answer.body), `${where}: ${ajv.errorsText(validate?.errors)}`).toBe(true);
    }
    for (const header of Object.keys((documented.headers ?? {}) as Json)) {
      expect(answer.headers.has(header), `${where} without ${header}`).toBe(true);
    }
  };

  const cases = (): Case[] => {
    const field = fc.constantFrom('country', 'amount', 'paid_at', 'active', 'timestamp', 'events');
    const datasetPath = { project: ids.project, id: ids.dataset };
    return [
      {
        plane: 'control',
        method: 'post',
        path: '/api/datasets/{project}/{id}/query',
        params: datasetPath,
        properties: { field },
      },
      {
        plane: 'control',
        method: 'post',
        path: '/api/logs/{project}/search',
        params: { project: ids.project },
      },
      {
        plane: 'control',
        method: 'post',
        path: '/api/datasets/{project}/{id}/schema',
        params: { project: ids.project, id: ids.pending },
      },
      { plane: 'control', method: 'post', path: '/api/datasets/{project}', params: { project: ids.project } },
      { plane: 'control', method: 'patch', path: '/api/dashboard/me' },
      { plane: 'control', method: 'post', path: '/api/dashboard/tokens' },
      { plane: 'gateway', method: 'post', path: '/v1/logs' },
      { plane: 'gateway', method: 'post', path: '/v1/ingest' },
      { plane: 'gateway', method: 'post', path: '/otlp/v1/logs' },
    ];
  };

  it('refuses no body the document calls valid, and answers only what it documents', async () => {
    for (const testCase of cases()) {
      const document = documents[testCase.plane];
      const operation = ((document.paths as Json)[testCase.path] as Json)[testCase.method] as Json;
      const schema = (((operation.requestBody as Json).content as Json)['application/json'] as Json)
        .schema as Json;
      const path = testCase.path.replace(/\{(\w+)\}/g, (_, name: string) => String(testCase.params?.[name]));
      await fc.assert(
        fc.asyncProperty(
          arbitraryFor(schema, { root: document, properties: testCase.properties }),
          async (body) => {
            const answer = await send(testCase.plane, testCase.method, path, { body: JSON.stringify(body) });
            expectDocumented(testCase.plane, testCase.path, testCase.method, answer);
            if (answer.status === 400 || answer.status === 415) {
              const message = String(answer.body?.message);
              const stated = STATED_IN_WORDS.some((pattern) => pattern.test(message));
              expect(
                stated,
                `${testCase.path} refused a valid body ${JSON.stringify(body)}: ${message}`,
              ).toBe(true);
            }
          },
        ),
        { numRuns: 40 },
      );
    }
  }, 300_000);

  it('answers the refusals it documents, with their headers', async () => {
    const dataset = `/api/datasets/${ids.project}`;
    const template = '/api/datasets/{project}/{id}';
    // Path ids are plain decimal digits: hex, exponents and padded numbers are not dataset 22.
    for (const id of [
      `0x${ids.dataset.toString(16)}`,
      `${ids.dataset}.0`,
      `%20${ids.dataset}`,
      `0${ids.dataset}`,
    ]) {
      const answer = await send('control', 'get', `${dataset}/${id}`);
      expect(answer.status, id).toBe(400);
      expectDocumented('control', template, 'get', answer);
    }
    const unauthenticated = await send('control', 'get', dataset, { headers: { authorization: '' } });
    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectDocumented('control', '/api/datasets/{project}', 'get', unauthenticated);
    const noKey = await send('gateway', 'post', '/v1/ingest', { headers: { authorization: '' }, body: '{}' });
    expect(noKey.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectDocumented('gateway', '/v1/ingest', 'post', noKey);

    const plain = await send('control', 'post', `${dataset}/${ids.dataset}/query`, {
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(plain.status).toBe(415);
    expectDocumented('control', '/api/datasets/{project}/{id}/query', 'post', plain);

    // The plan's dataset-count quota: every 429 says when to retry.
    let answer = await send('control', 'post', dataset, {
      body: JSON.stringify({ name: `d-${randomUUID()}` }),
    });
    for (let i = 0; answer.status === 201 && i < 20; i++) {
      answer = await send('control', 'post', dataset, {
        body: JSON.stringify({ name: `d-${randomUUID()}` }),
      });
    }
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    expectDocumented('control', '/api/datasets/{project}', 'post', answer);
  });
});
