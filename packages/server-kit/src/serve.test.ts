import { Agent, request } from 'node:http';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, serveHttp } from './serve.ts';

// Routes that refuse before reading the body (at once, or after an async check as auth does) and one
// that reads it, behind a body limit as the gateway's are (with it, the adapter drains unread bodies).
const app = new Hono();
app.use('*', bodyLimit({ maxSize: 4 * 1024 * 1024 }));
app.post('/refuse', (c) => c.json({ error: 'Unauthorized' }, 401));
app.post('/refuse-later', async (c) => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return c.json({ error: 'Unauthorized' }, 401);
});
app.post('/read', async (c) => c.json({ bytes: (await c.req.text()).length }, 202));

let server: RunningServer;
beforeAll(async () => {
  server = await serveHttp(app.fetch, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
});

const post = (path: string, body: string) => fetch(`${server.url}${path}`, { method: 'POST', body });

/** A GET on `agent`'s connection (false: a fresh one), with node:http so the connection is ours to choose. */
const ask = (port: number, agent: Agent | false, path: string) =>
  new Promise<{ status?: number; connection?: string; body: string }>((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () =>
        resolve({ status: response.statusCode, connection: response.headers.connection, body }),
      );
    });
    sent.once('error', reject);
    sent.end();
  });

describe('serveHttp', () => {
  it('closes the connection after answering without reading the body', async () => {
    for (const path of ['/refuse', '/refuse-later']) {
      const response = await post(path, 'x'.repeat(1_000_000));
      expect(response.status).toBe(401);
      expect(response.headers.get('connection')).toBe('close');
    }
  });

  it('keeps the connection alive after a body that was read', async () => {
    const response = await post('/read', 'x'.repeat(1_000));
    expect(response.status).toBe(202);
    expect(response.headers.get('connection')).toBe('keep-alive');
  });

  it('answers a request that reuses the connection right after a refusal, however busy the server', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await post('/refuse-later', 'x'.repeat(1_000_000));
      expect(refused.status).toBe(401);
      await refused.text();
      await new Promise((resolve) => setImmediate(resolve));
      // The adapter gives an unread body 500 ms to drain; a busy event loop lets that pass unread.
      const until = Date.now() + 700;
      while (Date.now() < until) {
        // busy
      }
      expect((await post('/read', '{}')).status).toBe(202);
    }
  });
});

describe('serveHttp while draining', () => {
  it('says Connection: close to a request in flight when the drain begins, and to one sent on an idle kept-alive connection', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived = () => {};
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const slow = new Hono().get('/slow', async (c) => {
      arrived();
      await held;
      return c.text('slow');
    });
    slow.get('/fast', (c) => c.text('fast'));
    const draining = await serveHttp(slow.fetch, { port: 0, host: '127.0.0.1' });
    // One keep-alive connection per agent: `idle`'s was opened before the drain and is reused during it.
    const idle = new Agent({ keepAlive: true, maxSockets: 1 });
    const busy = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await ask(draining.port, idle, '/fast')).toMatchObject({
        status: 200,
        connection: 'keep-alive',
      });
      const inFlight = ask(draining.port, busy, '/slow');
      await arrival;
      const closed = draining.close();
      expect(await ask(draining.port, idle, '/fast')).toMatchObject({ status: 200, connection: 'close' });
      release();
      expect(await inFlight).toMatchObject({ status: 200, connection: 'close' });
      await closed;
    } finally {
      release();
      idle.destroy();
      busy.destroy();
    }
  });
});

describe('serveHttp with reusePort', () => {
  const named = (name: string) => new Hono().get('/', (c) => c.text(name)).fetch;
  // A fresh connection per request (no agent): the kernel picks a listener for each new connection.
  const whoAnswers = async (port: number) => (await ask(port, false, '/')).body;

  it('lets two servers share one port, the kernel spreading new connections between them', async () => {
    const first = await serveHttp(named('first'), { port: 0, host: '127.0.0.1', reusePort: true });
    const second = await serveHttp(named('second'), { port: first.port, host: '127.0.0.1', reusePort: true });
    try {
      const answers = new Set<string>();
      // 64 connections all hashed to one listener has odds of 2^-63.
      for (let attempt = 0; attempt < 64 && answers.size < 2; attempt++)
        answers.add(await whoAnswers(first.port));
      expect([...answers].sort()).toEqual(['first', 'second']);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('refuses a second server on a taken port unless both ask for it', async () => {
    const first = await serveHttp(named('first'), { port: 0, host: '127.0.0.1' });
    try {
      await expect(serveHttp(named('second'), { port: first.port, host: '127.0.0.1' })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      await first.close();
    }
  });
});
