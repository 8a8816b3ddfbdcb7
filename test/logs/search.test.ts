import type { LogEvent } from '@quarry/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chTime, logEvent, startLogSearchStack } from '../src/logs.ts';

let stack: Awaited<ReturnType<typeof startLogSearchStack>>;
type Owner = Awaited<ReturnType<typeof stack.owner>>;
let alice: Owner;
let bob: Owner;

interface Found {
  id: string;
  timestamp: string;
  level: string;
  message: string;
  metadata: unknown;
  env: string;
  source: string;
}
interface Answer {
  status: number;
  body: { events: Found[]; nextCursor?: string; cursor?: string; more?: boolean; message?: string };
}

async function search(who: Owner, body: unknown, slug = who.slug): Promise<Answer> {
  const response = await stack.app.request(`/api/logs/${slug}/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const messages = (answer: Answer) => answer.body.events.map((event) => event.message);

// An hour ago, one second apart; "tie" events share a timestamp, as events of one request often do.
const base = Date.now() - 60 * 60_000;
const at = (second: number) => chTime(new Date(base + second * 1_000));
const ALICE: LogEvent[] = [
  logEvent({
    timestamp: at(0),
    message: 'User signed in',
    env: 'prod',
    source: 'api',
    metadata: '{"user":{"id":42}}',
  }),
  logEvent({
    timestamp: at(1),
    level: 'warn',
    message: 'Slow QUERY took 3s',
    env: 'prod',
    source: 'db',
    metadata: '{"user":{"id":"42"},"ms":3000}',
  }),
  logEvent({
    timestamp: at(2),
    level: 'error',
    message: 'Timeout calling billing',
    env: 'staging',
    source: 'api',
    metadata: '{"user":{"id":7}}',
  }),
  logEvent({ timestamp: at(3), level: 'debug', message: 'cache miss', env: 'prod', source: 'worker' }),
  logEvent({
    timestamp: at(4),
    level: 'error',
    message: 'timeout again',
    env: 'prod',
    source: 'api',
    metadata: '{"flag":true}',
  }),
  logEvent({ timestamp: at(5), message: 'tie a' }),
  logEvent({ timestamp: at(5), message: 'tie b' }),
  logEvent({ timestamp: at(5), message: 'tie c' }),
];
const NEWEST_FIRST = [
  'tie c',
  'tie b',
  'tie a',
  'timeout again',
  'cache miss',
  'Timeout calling billing',
  'Slow QUERY took 3s',
  'User signed in',
];

beforeAll(async () => {
  stack = await startLogSearchStack('search');
  alice = await stack.owner();
  bob = await stack.owner();
  await stack.send(alice.projectId, [ALICE.slice(0, 5), ALICE.slice(5)]);
  // Bob's logs are Alice's, word for word: they match every filter below, and must never show up.
  await stack.send(bob.projectId, [ALICE]);
  await stack.caughtUp();
});

afterAll(async () => {
  await stack?.close();
});

describe('POST /api/logs/:project/search', () => {
  it("answers the project's events newest first, with the stored fields, and only that project's", async () => {
    const answer = await search(alice, {});
    expect(answer.status).toBe(200);
    expect(messages(answer)).toEqual(NEWEST_FIRST);
    expect(answer.body.nextCursor).toBeUndefined();
    expect(answer.body.events.at(-1)).toMatchObject({
      level: 'info',
      env: 'prod',
      source: 'api',
      metadata: { user: { id: 42 } },
      timestamp: new Date(base).toISOString(),
      traceId: 'req_0',
    });
    const bobIds = new Set((await search(bob, {})).body.events.map((event) => event.id));
    expect(answer.body.events.some((event) => bobIds.has(event.id))).toBe(false);
  });

  it('filters by level, text (case-insensitive), metadata path, env, source and time range', async () => {
    expect(messages(await search(alice, { levels: ['error'] }))).toEqual([
      'timeout again',
      'Timeout calling billing',
    ]);
    expect(messages(await search(alice, { levels: ['warn', 'debug'] }))).toEqual([
      'cache miss',
      'Slow QUERY took 3s',
    ]);
    expect(messages(await search(alice, { text: 'TIMEOUT' }))).toEqual([
      'timeout again',
      'Timeout calling billing',
    ]);
    expect(messages(await search(alice, { text: 'query' }))).toEqual(['Slow QUERY took 3s']);
    // Scalars compare as text: "42" finds the number 42 and the string "42".
    const user42 = ['Slow QUERY took 3s', 'User signed in'];
    expect(messages(await search(alice, { metadata: { path: 'user.id', value: '42' } }))).toEqual(user42);
    expect(messages(await search(alice, { metadata: [{ path: 'user.id', value: 42 }] }))).toEqual(user42);
    expect(messages(await search(alice, { metadata: { path: 'flag', value: true } }))).toEqual([
      'timeout again',
    ]);
    expect(
      messages(
        await search(alice, {
          metadata: [
            { path: 'user.id', value: '42' },
            { path: 'ms', value: 3000 },
          ],
        }),
      ),
    ).toEqual(['Slow QUERY took 3s']);
    expect(messages(await search(alice, { metadata: { path: 'user.name', value: '' } }))).toEqual([]);
    expect(messages(await search(alice, { env: 'staging' }))).toEqual(['Timeout calling billing']);
    expect(messages(await search(alice, { source: 'worker' }))).toEqual(['cache miss']);
    const range = { from: new Date(base + 1_000).toISOString(), to: new Date(base + 3_000).toISOString() };
    expect(messages(await search(alice, { range }))).toEqual([
      'cache miss',
      'Timeout calling billing',
      'Slow QUERY took 3s',
    ]);
    expect(messages(await search(alice, { range, levels: ['error', 'debug'], env: 'prod' }))).toEqual([
      'cache miss',
    ]);
  });

  it('pages with an opaque cursor until the last page, across events sharing a timestamp', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await search(alice, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(answer.status).toBe(200);
      seen.push(...messages(answer));
      cursor = answer.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(NEWEST_FIRST);
    expect(pages).toBe(4);
    const filtered = await search(alice, { limit: 1, levels: ['error'] });
    expect(messages(filtered)).toEqual(['timeout again']);
    const next = await search(alice, { limit: 1, levels: ['error'], cursor: filtered.body.nextCursor });
    expect(messages(next)).toEqual(['Timeout calling billing']);
    expect(next.body.nextCursor).toBeUndefined();
  });

  it('tails: the latest events and a cursor, then exactly what arrived after it, in arrival order', async () => {
    const tailer = await stack.owner();
    await stack.send(tailer.projectId, [
      [logEvent({ message: 'old 1' }), logEvent({ message: 'old 2' }), logEvent({ message: 'old 3' })],
    ]);
    await stack.caughtUp();
    const start = await search(tailer, { tail: true, limit: 2 });
    expect(start.status).toBe(200);
    expect(messages(start)).toEqual(['old 2', 'old 3']);
    expect(start.body.more).toBe(false);
    const quiet = await search(tailer, { tail: true, cursor: start.body.cursor });
    expect(messages(quiet)).toEqual([]);

    // Arrival order, not event time: a late event stamped a day ago is still "new" to the tail.
    await stack.send(tailer.projectId, [
      [
        logEvent({ message: 'new 1' }),
        logEvent({ message: 'late', timestamp: chTime(new Date(Date.now() - 86_400_000)) }),
      ],
      [logEvent({ message: 'new 2', level: 'error' })],
    ]);
    await stack.caughtUp();
    const first = await search(tailer, { tail: true, limit: 2, cursor: quiet.body.cursor });
    expect(messages(first)).toEqual(['new 1', 'late']);
    expect(first.body.more).toBe(true);
    const second = await search(tailer, { tail: true, limit: 2, cursor: first.body.cursor });
    expect(messages(second)).toEqual(['new 2']);
    expect(second.body.more).toBe(false);
    expect(messages(await search(tailer, { tail: true, cursor: second.body.cursor }))).toEqual([]);
    expect(
      messages(await search(tailer, { tail: true, levels: ['error'], cursor: start.body.cursor })),
    ).toEqual(['new 2']);
  });

  it('refuses bad input with a 400 naming it, and an outsider with a 404 before reading the body', async () => {
    const refusal = async (body: unknown, message: string | RegExp) => {
      const answer = await search(alice, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.message).toMatch(message);
    };
    await refusal({ sql: 'SELECT 1' }, /sql/);
    await refusal({ levels: ['fatal'] }, /^levels\.0: /);
    await refusal({ limit: 5_000 }, /^limit: /);
    await refusal({ range: { from: 'yesterday' } }, 'range.from: not an ISO 8601 timestamp');
    await refusal({ metadata: { path: 'user..id', value: '1' } }, /^metadata/);
    await refusal({ cursor: 'not-a-cursor' }, 'Invalid cursor');
    const page = await search(alice, { limit: 1 });
    await refusal({ tail: true, cursor: page.body.nextCursor }, 'Invalid cursor');
    await refusal('{not json', 'Invalid JSON body');

    const outsider = await search(bob, { sql: 'DROP TABLE logs' }, alice.slug);
    expect(outsider).toEqual({ status: 404, body: { error: 'Not Found', message: 'Project not found' } });
    const anonymous = await stack.app.request(`/api/logs/${alice.slug}/search`, {
      method: 'POST',
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
  });
});
