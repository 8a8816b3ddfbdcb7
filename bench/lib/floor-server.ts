/**
 * An ingest endpoint that does nothing but HTTP: it reads the body, parses it and answers 202, on
 * node:http alone or on hono through @hono/node-server (the gateway's own copies of both). Run as
 * `node floor-server.ts http|hono <port>`; prints `listening` once it accepts connections.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The little of hono and its adapter used here (the bench does not depend on them itself). */
interface FloorContext {
  req: { json(): Promise<unknown> };
  body(text: string, status: 202, headers: Record<string, string>): Response;
}
interface FloorApp {
  post(path: string, handler: (c: FloorContext) => Promise<Response>): unknown;
  fetch(request: Request): Response | Promise<Response>;
}
type Serve = (
  options: { fetch: FloorApp['fetch']; port: number; hostname: string },
  listening: () => void,
) => unknown;

const [kind, portText] = process.argv.slice(2);
const port = Number(portText);
const answer = JSON.stringify({ success: true, count: 1, status: 'queued' });
const listening = () => process.stdout.write('listening\n');

if (kind === 'http') {
  createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(202, { 'content-type': 'application/json', 'content-length': answer.length });
      response.end(answer);
    });
  }).listen(port, '127.0.0.1', listening);
} else if (kind === 'hono') {
  // The gateway's hono and adapter, not whatever version the bench would resolve.
  const gateway = createRequire(join(import.meta.dirname, '../../apps/ingest-gateway/package.json'));
  const { Hono } = (await import(gateway.resolve('hono'))) as { Hono: new () => FloorApp };
  const { serve } = (await import(gateway.resolve('@hono/node-server'))) as { serve: Serve };
  const app = new Hono();
  app.post('/datasets/:datasetId', async (c) => {
    await c.req.json();
    return c.body(answer, 202, { 'content-type': 'application/json' });
  });
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, listening);
} else {
  throw new Error(`unknown server kind ${kind}: http or hono`);
}
