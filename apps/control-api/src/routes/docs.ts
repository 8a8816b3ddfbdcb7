import type { ControlRouter } from '../openapi.ts';

/** /openapi.json is generated from the route schemas; /docs renders it without any external asset. */
export function registerDocs(app: ControlRouter): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal access token (pat_…) from POST /api/auth/login or /api/dashboard/tokens',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'quarry_session',
    description:
      'The console session from POST /api/auth/session; state-changing requests need a same-origin Origin',
  });
  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Quarry control API',
      version: '1',
      description: 'Accounts, tokens, projects, ingest keys, datasets, schemas and queries. See docs/api.md.',
    },
  });
  app.get('/docs', (c) => c.html(DOCS_PAGE));
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quarry control API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}
code,pre{background:#f4f4f4;padding:.1rem .3rem;border-radius:3px}pre{padding:.6rem;overflow:auto}
h2{margin-top:2rem;border-bottom:1px solid #ddd}.m{display:inline-block;width:4.5rem;font-weight:600}</style></head>
<body><h1>Quarry control API</h1><p>Generated from <a href="/openapi.json">/openapi.json</a>.</p><main id="api">Loading…</main>
<script>
fetch('/openapi.json').then(r => r.json()).then(doc => {
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    (byTag[(op.tags || ['other'])[0]] ||= []).push({ path, method, op });
  }
  const esc = s => String(s).replace(/[&<>]/g, ch => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch]);
  const body = op => op.requestBody ? '<pre>' + esc(JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)) + '</pre>' : '';
  const answers = op => Object.entries(op.responses).map(([s, r]) => '<code>' + s + '</code> ' + esc(r.description)).join('<br>');
  document.getElementById('api').innerHTML = Object.entries(byTag).map(([tag, ops]) => '<h2>' + esc(tag) + '</h2>' +
    ops.map(({ path, method, op }) => '<h3><span class="m">' + method.toUpperCase() + '</span><code>' + esc(path) + '</code></h3><p>' +
      esc(op.summary || '') + '</p>' + body(op) + '<p>' + answers(op) + '</p>').join('')).join('');
});
</script></body></html>`;
