import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chTime, logEvent, startLogSearchStack, waitUntil } from '../src/logs.ts';

// The API behind the console's log explorer: volume, facets, context, live tail (SSE), download.
let stack: Awaited<ReturnType<typeof startLogSearchStack>>;
type Owner = Awaited<ReturnType<typeof stack.owner>>;
let alice: Owner;
let bob: Owner;

// Ten minutes ago, a minute apart; Bob stores the same events and must never be counted for Alice.
const base = Date.now() - 10 * 60_000;
const at = (minute: number) => chTime(new Date(base + minute * 60_000));
const EVENTS = [
  logEvent({
    timestamp: at(0),
    message: 'signed in',
    env: 'prod',
    source: 'api',
    metadata: '{"user":{"id":42}}',
  }),
  logEvent({
    timestamp: at(0),
    message: 'signed in',
    env: 'prod',
    source: 'api',
    metadata: '{"user":{"id":7}}',
  }),
  logEvent({
    timestamp: at(1),
    level: 'warn',
    message: 'slow',
    env: 'prod',
    source: 'db',
    metadata: '{"user":{"id":"42"}}',
  }),
  logEvent({
    timestamp: at(2),
    level: 'error',
    message: '=HYPERLINK("x"), "quoted"',
    env: 'staging',
    source: 'api',
  }),
  logEvent({ timestamp: at(3), level: 'debug', message: 'cache miss', env: 'prod', source: 'worker' }),
];
const range = { from: new Date(base - 60_000).toISOString(), to: new Date(base + 5 * 60_000).toISOString() };

const request = (
  who: Owner,
  path: string,
  init: { body?: unknown; headers?: Record<string, string>; slug?: string } = {},
) =>
  stack.app.request(`/api/logs/${init.slug ?? who.slug}/${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
const post = async (who: Owner, path: string, body: unknown, slug = who.slug) => {
  const response = await request(who, path, { body, slug });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { message?: string },
  };
};

beforeAll(async () => {
  stack = await startLogSearchStack('explorer');
  alice = await stack.owner();
  bob = await stack.owner();
  await stack.send(alice.projectId, [EVENTS]);
  await stack.send(bob.projectId, [EVENTS, EVENTS]);
  await stack.caughtUp();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('POST /api/logs/:project/volume', () => {
  it('counts by level in buckets over the whole range, whose total is the count, for this project only', async () => {
    const answer = await post(alice, 'volume', { range });
    expect(answer.status).toBe(200);
    const body = answer.body as {
      bucketSeconds: number;
      total: string;
      buckets: Array<Record<string, string>>;
    };
    expect(body.bucketSeconds).toBe(5);
    expect(body.buckets.length).toBeLessThanOrEqual(121);
    expect(body.total).toBe('5');
    const sum = (level: string) => body.buckets.reduce((total, bucket) => total + Number(bucket[level]), 0);
    expect({ debug: sum('debug'), info: sum('info'), warn: sum('warn'), error: sum('error') }).toEqual({
      debug: 1,
      info: 2,
      warn: 1,
      error: 1,
    });
    const narrowed = await post(alice, 'volume', { range, metadata: { path: 'user.id', value: 42 } });
    expect(narrowed.body.total).toBe('2');
    // Exclusion keeps what lacks the path, too: 5 events, 2 with user.id 42.
    const excluded = await post(alice, 'volume', {
      range,
      metadata: { path: 'user.id', value: 42, not: true },
    });
    expect(excluded.body.total).toBe('3');
    const day = await post(alice, 'volume', {
      range: { from: range.from, to: new Date(base + 86_400_000).toISOString() },
    });
    expect(day.body.bucketSeconds).toBe(900);
  });

  it('needs both ends of a bounded range, and hides another project behind a 404', async () => {
    expect((await post(alice, 'volume', {})).body.message).toMatch(/^range/);
    expect((await post(alice, 'volume', { range: { from: range.to, to: range.from } })).body.message).toBe(
      'range: from must not be after to',
    );
    const years = await post(alice, 'volume', {
      range: { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    });
    expect(years).toMatchObject({ status: 400, body: { message: 'range: at most 400 days' } });
    expect(await post(bob, 'volume', { range }, alice.slug)).toEqual({
      status: 404,
      body: { error: 'Not Found', message: 'Project not found' },
    });
  });
});

describe('POST /api/logs/:project/facets', () => {
  it('counts every level whatever the level filter, and the top values of env, source and a metadata path', async () => {
    const answer = await post(alice, 'facets', {
      range,
      levels: ['error'],
      fields: ['env', 'metadata.user.id'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.levels).toEqual({ debug: '1', info: '2', warn: '1', error: '1' });
    expect(answer.body.fields).toEqual([
      { field: 'env', values: [{ value: 'staging', count: '1' }] },
      { field: 'metadata.user.id', values: [] },
    ]);
    const all = await post(alice, 'facets', { fields: ['source', 'metadata.user.id'], env: 'prod' });
    expect(all.body.fields).toEqual([
      {
        field: 'source',
        values: [
          { value: 'api', count: '2' },
          { value: 'db', count: '1' },
          { value: 'worker', count: '1' },
        ],
      },
      {
        field: 'metadata.user.id',
        values: [
          { value: '42', count: '2' },
          { value: '7', count: '1' },
        ],
      },
    ]);
    expect((await post(alice, 'facets', { fields: ['trace_id'] })).body.message).toMatch(/^fields\.0: /);
  });
});

describe('GET /api/logs/:project/context', () => {
  it('answers the events around one, newest first, and 404 for an id that is not in the project', async () => {
    const page = await post(alice, 'search', { levels: ['warn'] });
    const [slow] = page.body.events as Array<{ id: string }>;
    const response = await request(alice, `context?id=${slow?.id}&size=1`);
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: Array<{ message: string }> };
    expect(events.map((event) => event.message)).toEqual(['=HYPERLINK("x"), "quoted"', 'slow', 'signed in']);
    expect((await request(bob, `context?id=${slow?.id}`)).status).toBe(404);
    expect((await request(alice, 'context?id=drop table')).status).toBe(400);
  });
});

describe('GET /api/logs/:project/tail (Server-Sent Events)', () => {
  /** Reads SSE messages off a response until `until` says enough, within a bound. */
  async function readEvents(response: Response, until: (messages: string[]) => boolean, what: string) {
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error('no body');
    let text = '';
    const received: string[] = [];
    await waitUntil(
      async () => {
        const { value = '' } = await reader.read();
        text += value;
        for (const match of text.matchAll(/^data: (.*)$/gm)) {
          for (const event of (JSON.parse(match[1] ?? '{}') as { events?: Array<{ message: string }> })
            .events ?? [])
            received.push(event.message);
        }
        text = text.slice(text.lastIndexOf('\n\n') + 2);
        return until(received);
      },
      10_000,
      what,
    );
    return { received, reader };
  }

  it('streams matching events as they are stored, and only those, then frees the slot on disconnect', async () => {
    const tailer = await stack.owner();
    const controller = new AbortController();
    const response = await stack.app.request(
      `/api/logs/${tailer.slug}/tail?q=${encodeURIComponent('{"levels":["error"]}')}`,
      {
        headers: { authorization: `Bearer ${tailer.token}` },
        signal: controller.signal,
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sentAt = Date.now();
    await stack.send(tailer.projectId, [
      [logEvent({ message: 'not shown' }), logEvent({ level: 'error', message: 'tailed' })],
    ]);
    const { received, reader } = await readEvents(response, (seen) => seen.length > 0, 'the tailed event');
    expect(received).toEqual(['tailed']);
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    await reader.cancel();
    controller.abort();

    // Five at once per user; the sixth is refused until one closes. Opened one by one: each first
    // poll is a query, and the project runs at most 4 at once.
    const opened: Response[] = [];
    for (let open = 0; open < 5; open++) opened.push(await request(tailer, 'tail'));
    expect(opened.map((one) => one.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = await request(tailer, 'tail');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toBe(
      'Too many live tails open (at most 5); close one and retry',
    );
    await opened[0]?.body?.cancel();
    const again = await waitUntil(
      async () => {
        const next = await request(tailer, 'tail');
        if (next.status === 200) return next;
        await next.body?.cancel();
        return undefined;
      },
      5_000,
      'a slot after a disconnect',
    );
    for (const one of [...opened.slice(1), again]) await one.body?.cancel();
  });

  it('refuses a bad filter with a 400 before streaming, and an outsider with a 404', async () => {
    const bad = await request(alice, `tail?q=${encodeURIComponent('{"sql":"x"}')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^q: .*sql/);
    expect((await request(bob, 'tail', { slug: alice.slug })).status).toBe(404);
  });
});

describe('GET /api/logs/:project/export', () => {
  it('downloads the matches as NDJSON or CSV, newest first, bounded by limit, formulas defused', async () => {
    const ndjson = await request(alice, `export?q=${encodeURIComponent(JSON.stringify({ env: 'prod' }))}`);
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-disposition')).toBe(
      `attachment; filename="${alice.slug}-logs.ndjson"`,
    );
    const lines = (await ndjson.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string });
    expect(lines.map((line) => line.message)).toEqual(['cache miss', 'slow', 'signed in', 'signed in']);

    const csv = await request(alice, 'export?format=csv&limit=2');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe('id,timestamp,level,message,env,source,traceId,ingestedAt,metadata');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain(`,error,"'=HYPERLINK(""x""), ""quoted""",staging,api,`);
    expect((await request(alice, 'export?limit=100001')).status).toBe(400);
  });
});
