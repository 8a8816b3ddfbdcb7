import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@quarry/testkit';
import { describe, expect, it } from 'vitest';
import { createControlApp } from './app.ts';
import { useTestControl } from './testing.ts';

async function builtConsole(): Promise<string> {
  const dir = await tempDir('console-dist');
  await mkdir(join(dir, 'assets'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>Quarry</title></head><body></body></html>',
  );
  await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log("console")');
  return dir;
}

describe('the web console served by the control API', () => {
  const control = useTestControl('embedded');

  it('serves index.html at / and at every console path, with the ingest URL and a strict CSP', async () => {
    const app = createControlApp(control().services, {
      console: { dir: await builtConsole(), ingestUrl: () => 'http://ingest.example:8081' },
    });
    for (const path of ['/', '/sign-in', '/p/shop/datasets/12/explore?q=%7B%7D']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html).toContain('<title>Quarry</title>');
      expect(html).toContain('<meta name="quarry-ingest-url" content="http://ingest.example:8081">');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets for good, and leaves /api, /openapi.json and missing assets alone', async () => {
    const app = createControlApp(control().services, { console: { dir: await builtConsole() } });
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    const api = await app.request('/api/nothing-here');
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'Unauthorized' });
    expect((await app.request('/openapi.json')).headers.get('content-type')).toMatch(/json/);
  });

  it('says how to build the console when it is not built', async () => {
    const app = createControlApp(control().services, { console: { dir: await tempDir('console-empty') } });
    const response = await app.request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('pnpm --filter @quarry/console build');
  });
});
