import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ControlRouter } from '../openapi.ts';

// Scalar's prebuilt standalone bundle, served from node_modules: /docs needs no CDN and works offline.
const SCALAR_BUNDLE = fileURLToPath(
  new URL('browser/standalone.js', import.meta.resolve('@scalar/api-reference')),
);

export const DOCUMENT = {
  openapi: '3.1.0',
  servers: [{ url: '/', description: 'The host that serves this document' }],
  info: {
    title: 'Quarry control API',
    version: '1',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    description:
      'Accounts, tokens, projects, ingest keys, datasets, schemas, queries and log search. Errors are `{"error": "<HTTP reason>", "message": "…"}`. See docs/api.md.',
  },
};

/** /openapi.json is generated from the route schemas; /docs renders it with Scalar's API reference. */
export function registerDocs(app: ControlRouter): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal access token (pat_…) from POST /api/auth/login or /api/dashboard/tokens',
  });
  app.doc31('/openapi.json', DOCUMENT);
  app.get('/docs', (c) => c.html(docsPage('Quarry control API', '/openapi.json')));
  app.get('/docs/scalar.js', () => scalarBundle());
}

/** The reference page: no fonts, telemetry, AI agent or request proxy from Scalar's servers. */
export function docsPage(title: string, documentUrl: string): string {
  const config = {
    url: documentUrl,
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    hideClientButton: true,
    hideTestRequestButton: true,
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title></head>
<body><div id="app"></div>
<script src="/docs/scalar.js"></script>
<script>Scalar.createApiReference('#app', ${JSON.stringify(config)})</script>
</body></html>`;
}

export function scalarBundle(): Response {
  const body = Readable.toWeb(createReadStream(SCALAR_BUNDLE)) as ReadableStream;
  return new Response(body, {
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
}
