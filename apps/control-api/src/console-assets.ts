import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

export interface ConsoleOptions {
  /** The built console (apps/console/dist): index.html and assets/. */
  dir: string;
  /** Shown in the console's ingest snippets: where clients send records (read when the page is served). */
  ingestUrl?: () => string | undefined;
}

// The console talks only to this origin; nothing it loads comes from elsewhere.
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serves the web console at `/` on the control API's origin, so its session cookie and the CSRF
 * check need no cross-origin setup. Hashed assets are cached for good; every other page path gets
 * index.html (the console routes on the client). /api, /docs and /openapi.json stay the API's.
 */
export function serveConsole<E extends { Variables: object }>(app: Hono<E>, options: ConsoleOptions): void {
  const indexFile = join(options.dir, 'index.html');
  if (!existsSync(indexFile)) {
    app.get('/', (c) => c.text(NOT_BUILT, 503));
    return;
  }
  const template = readFileSync(indexFile, 'utf8');
  const page = () => {
    const meta = `<meta name="quarry-ingest-url" content="${escapeAttribute(options.ingestUrl?.() ?? '')}">`;
    return template.replace('</head>', `${meta}</head>`);
  };
  // Asset names carry a content hash: a changed file is a new name, so a copy never goes stale.
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', serveStatic({ root: options.dir }));
  app.get('*', async (c, next) => {
    if (isApiPath(c.req.path)) return next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-cache');
    return c.html(page());
  });
}

const API_PREFIXES = ['/api/', '/assets/', '/openapi.json', '/docs', '/healthz', '/readyz', '/metrics'];
const isApiPath = (path: string) => API_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix));

const escapeAttribute = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

const NOT_BUILT =
  'The web console is not built. Run `pnpm --filter @quarry/console build` (npm start does it for you).\n';
