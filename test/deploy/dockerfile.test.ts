import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_NAMES } from './expectations.ts';
import { repoRoot } from './kustomize.ts';

// No Docker engine runs here, so the image recipe is held to the toolchain pins and to the
// properties the Kubernetes manifests rely on (uid 10001, tini as PID 1, no writes outside /tmp).
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

function arg(name: string): string | undefined {
  return instructions.find((line) => line.startsWith(`ARG ${name}=`))?.split('=')[1];
}

const finalStage = instructions.slice(instructions.findLastIndex((line) => line.startsWith('FROM ')));

describe('Dockerfile', () => {
  it('builds on the pinned Node, pnpm and turbo', () => {
    const toolchain = readFileSync(join(repoRoot, 'scripts/toolchain.mjs'), 'utf8');
    const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(arg('NODE_VERSION')).toBe(/NODE_VERSION = '([\d.]+)'/.exec(toolchain)?.[1]);
    expect(arg('PNPM_VERSION')).toBe(root.engines.pnpm);
    expect(arg('TURBO_VERSION')).toBe(root.devDependencies.turbo);
    for (const from of instructions.filter((line) => line.startsWith('FROM '))) {
      expect(from).toMatch(/^FROM (node:\$\{NODE_VERSION\}-bookworm-slim|toolchain) AS \w+$/);
    }
  });

  it('installs production dependencies (without the embedded engines) from the pruned lockfile, keeping workspace symlinks', () => {
    const runs = instructions.filter((line) => line.startsWith('RUN '));
    expect(runs.some((line) => /turbo prune "@quarry\/\$\{APP\}" --docker/.test(line))).toBe(true);
    const install = /pnpm install --prod --frozen-lockfile .*--filter-prod "@quarry\/\$\{APP\}\.\.\."/;
    expect(runs.some((line) => install.test(line))).toBe(true);
    // Optional dependencies carry the platform binaries (the Kafka client's native CRC32C): kept.
    expect(runs.join('\n')).not.toMatch(/--no-optional|--omit[= ]optional/);
    expect(runs.join('\n')).not.toMatch(/pnpm deploy/);
  });

  it('leaves the embedded engines out by dependency, not by dropping optional dependencies', () => {
    // --filter-prod skips devDependencies and optional peers; only apps/embedded depends on the engines.
    const manifest = (dir: string) => JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'));
    for (const [dir, engine] of [
      ['packages/warehouse', 'chdb'],
      ['packages/catalog', '@electric-sql/pglite'],
    ] as const) {
      const { dependencies = {}, optionalDependencies = {}, peerDependenciesMeta = {} } = manifest(dir);
      expect(Object.keys({ ...dependencies, ...optionalDependencies }), dir).not.toContain(engine);
      expect(peerDependenciesMeta[engine], dir).toEqual({ optional: true });
      expect(manifest('apps/embedded').dependencies[engine]).toBe(manifest(dir).devDependencies[engine]);
    }
  });

  it('runs as uid 10001 under tini, with no HEALTHCHECK', () => {
    expect(finalStage).toContain('USER 10001:10001');
    expect(finalStage).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(finalStage).toContain('CMD ["/app/start"]');
    expect(instructions.some((line) => line.startsWith('HEALTHCHECK'))).toBe(false);
  });

  it.each(APP_NAMES)('finds the %s entry point the image starts', (app) => {
    expect(existsSync(join(repoRoot, 'apps', app, 'src/server.ts'))).toBe(true);
  });

  it('starts each app by its package.json start, built in the bundle stage, else its sources', () => {
    const runs = instructions.filter((line) => line.startsWith('RUN ')).join('\n');
    expect(runs).toMatch(/pnpm --filter "@quarry\/\$\{APP\}" run --if-present build/);
    expect(runs).toContain("scripts?.start ?? 'node src/server.ts'");
    expect(instructions).toContainEqual(
      expect.stringMatching(/^COPY --from=bundle \/src\/apps\/\$\{APP\}\/dist\//),
    );
  });

  it('keeps dependencies and VCS data out of the build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.git', '**/.quarry']));
  });
});
