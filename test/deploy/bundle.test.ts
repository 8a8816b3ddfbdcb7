import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localStack, tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppBundle,
  buildAppBundle,
  createTestDataset,
  openSharedBackends,
  sendBatch,
  startService,
  unique,
} from '../src/index.ts';

// There is no Docker engine here, so each test builds what the image's prune and install stages
// build, into a temporary directory outside the repository, and runs it from there alone.
const run = promisify(execFile);
const DRAIN_BOUND_MS = 25_000; // SHUTDOWN_TIMEOUT_MS's default, as deployed

// Every module the process resolves must come from the bundle: in the image nothing else exists.
const OUTSIDE = 'module resolved outside the bundle:';
const insideBundleOnly = (dir: string) =>
  `--import=data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const root = pathToFileURL(realpathSync(${JSON.stringify(dir)})).href + '/';
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    if (result.url.startsWith('file:') && !result.url.startsWith(root)) {
      process.stderr.write('${OUTSIDE} ' + result.url + '\\n');
      throw new Error('${OUTSIDE} ' + result.url);
    }
    return result;
  },
});`)}`;

/** A port nothing listens on: the stand-in for a ClickHouse the test stack does not have. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === 'object' && address ? address.port : 1;
}

async function bundleOf(app: string): Promise<AppBundle> {
  const bundle = await buildAppBundle(app, await tempDir(`bundle-${app}`));
  process.stderr.write(
    `[bundle] ${app}: prune ${Math.round(bundle.pruneMs)} ms, install ${Math.round(bundle.installMs)} ms\n`,
  );
  // The embedded engines stay out (only apps/embedded depends on them): the image talks to
  // ClickHouse and PostgreSQL servers.
  const installed = readdirSync(join(bundle.dir, 'node_modules/.pnpm'));
  expect(installed.filter((name) => /^(chdb@|@chdb\+|@electric-sql\+pglite@)/.test(name))).toEqual([]);
  // So do the build tools @scalar/api-reference's @unhead packages take as optional peers
  // (pnpm-workspace.yaml's overrides): the control API serves Scalar's prebuilt bundle.
  expect(installed.filter((name) => /^(vite@|rolldown@|@rolldown\+binding|lightningcss)/.test(name))).toEqual(
    [],
  );
  // The platform binaries stay in: the Kafka client finds its native CRC32C, not its WebAssembly one.
  expect(await nativeCrc32c(bundle, app)).toBe('e3069283');
  // turbo prune keeps the devDependencies' packages; the production install must not link them.
  expect(existsSync(join(bundle.dir, 'apps', app, 'node_modules/@quarry/testkit'))).toBe(false);
  return bundle;
}

/**
 * The CRC-32C of "123456789" (RFC 3720's check value, 0xe3069283) from `@node-rs/crc32`, required
 * as `@platformatic/kafka` requires it (`createRequire(import.meta.url)`, falling back to WebAssembly
 * when that throws): from the gateway's bundle in `dist/`, where the client is bundled, else from the
 * client's own directory as `@quarry/bus` resolves it. The package throws when its platform binary
 * (an optional dependency) is missing. A child process without NODE_PATH, as in the image: pnpm's
 * `vitest` shim sets NODE_PATH to the repository's store, where this process would find it anyway.
 */
async function nativeCrc32c(bundle: AppBundle, app: string): Promise<string> {
  const requester =
    app === 'ingest-gateway'
      ? join(bundle.dir, 'apps', app, 'dist/server.js')
      : realpathSync(
          createRequire(join(bundle.dir, 'packages/bus/package.json')).resolve('@platformatic/kafka'),
        );
  const { NODE_PATH: _, ...env } = process.env;
  const script = `const { crc32c } = require('node:module').createRequire(process.argv[1])('@node-rs/crc32');
process.stdout.write(crc32c(Buffer.from('123456789')).toString(16));`;
  try {
    return (await run(process.execPath, ['-e', script, requester], { env })).stdout;
  } catch (error) {
    return (
      String((error as { stderr?: string }).stderr ?? error)
        .split('\n')
        .find((line) => /Error/.test(line)) ?? ''
    );
  }
}

/** Starts the bundle's `start` (the image's CMD), checks /readyz, then SIGTERM: exit 0 in bound. */
async function bootAndDrain(bundle: AppBundle, env: Record<string, string>) {
  const service = await startService({
    entry: 'server.ts',
    command: join(bundle.dir, 'start'),
    cwd: bundle.dir,
    execArgv: [insideBundleOnly(bundle.dir)],
    env,
  });
  expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  const readyz = await fetch(`${service.url}/readyz`);
  const report = {
    status: readyz.status,
    ...((await readyz.json()) as {
      ready: boolean;
      checks: Record<string, string>;
      degraded?: Record<string, string>;
    }),
  };
  return {
    service,
    report,
    async drain() {
      const { code, ms } = await service.stop();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(DRAIN_BOUND_MS);
      expect(service.output()).not.toContain(OUTSIDE);
    },
  };
}

let backends: Awaited<ReturnType<typeof openSharedBackends>>;
beforeAll(async () => {
  backends = await openSharedBackends();
});
afterAll(async () => {
  await backends?.bus.close();
  await backends?.counters.close();
  await backends?.catalog.close();
});

describe('each app built as its image builds it', { timeout: 120_000 }, () => {
  it('ingest-gateway: boots from the bundle alone, is ready, accepts a batch and drains on SIGTERM', async () => {
    const stack = localStack();
    const bundle = await bundleOf('ingest-gateway');
    const warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('bundle-schema') });
    const dataset = await createTestDataset(backends, warehouse, { seq: 'number' });
    await warehouse.close();

    const gateway = await bootAndDrain(bundle, {
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      KAFKA_TOPIC_NAMESPACE: backends.namespace,
      REDIS_URL: stack.redisUrl,
      DATABASE_URL: stack.databaseUrl,
      PORT: '0',
    });
    expect(gateway.report).toMatchObject({ status: 200, ready: true, checks: { bus: 'ok', counters: 'ok' } });
    expect(Object.values(gateway.report.checks).every((check) => check === 'ok')).toBe(true);
    // The request path loads auth, the schema validators and the producer: all from the bundle.
    const records = [{ timestamp: '2026-06-10T10:00:00Z', context: {}, seq: 1 }];
    expect(await sendBatch(gateway.service.url, dataset, records)).toBe(202);
    await gateway.drain();
  });

  it('writer: boots from the bundle alone and reports the missing ClickHouse as not ready', async () => {
    const bundle = await bundleOf('writer');
    const writer = await bootAndDrain(bundle, {
      KAFKA_BROKERS: localStack().kafkaBrokers.join(','),
      KAFKA_TOPIC_NAMESPACE: backends.namespace,
      DATABASE_URL: localStack().databaseUrl,
      CONSUMER_GROUP: `bundle-${unique()}`,
      CLICKHOUSE_URL: `http://127.0.0.1:${await closedPort()}`,
      HEALTH_PORT: '0',
      DESTINATION_ENCRYPTION_KEY: testDestinationKey().toString('base64'),
    });
    // The image has no embedded engine and the test stack no ClickHouse server: the writer stays up,
    // serves its probes and says exactly that (a pod stays out of rotation instead of restarting),
    // while it waits for the warehouse before it joins the consumer group.
    expect(writer.report).toMatchObject({
      status: 503,
      ready: false,
      checks: {
        bus: 'ok',
        warehouse: expect.not.stringMatching(/^ok$/),
        starting: expect.stringContaining('starting'),
      },
    });
    // The image's start sets the allocators' settings before node runs (allocator-settings.test.ts).
    const environment = readFileSync(`/proc/${writer.service.child.pid}/environ`, 'utf8').split('\0');
    expect(environment).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GLIBC_TUNABLES=glibc\.malloc\./),
        expect.stringMatching(/^JE_MALLOC_CONF=./),
      ]),
    );
    await writer.drain();
  });

  it('control-api: the bundled quarry CLI migrates and creates topics; the server boots and drains', async () => {
    const stack = localStack();
    const bundle = await bundleOf('control-api');
    const namespace = `bundle-${unique()}`;
    const cliEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      DATABASE_URL: stack.databaseUrl,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      KAFKA_TOPIC_NAMESPACE: namespace,
      KAFKA_REPLICATION_FACTOR: '1', // a single-node test broker
      KAFKA_MIN_INSYNC_REPLICAS: '1',
    };
    const quarry = (args: string[]) =>
      run(process.execPath, [insideBundleOnly(bundle.dir), 'apps/control-api/src/cli.ts', ...args], {
        cwd: bundle.dir,
        env: cliEnv,
      });
    expect((await quarry(['--help'])).stderr).toContain('dead-letters replay');
    expect((await quarry(['migrate'])).stdout).toMatch(/^(applied .+|catalog is up to date)\n$/);
    const topics = await quarry(['topics', 'create']);
    expect(topics.stdout).toContain(`${namespace}.datasets.v1  partitions=12`);
    expect(topics.stdout).toContain(`${namespace}.dead-letters.v1`);
    expect(topics.stderr).not.toContain(OUTSIDE);

    const api = await bootAndDrain(bundle, {
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      CLICKHOUSE_URL: `http://127.0.0.1:${await closedPort()}`,
      SIGNING_KEY_ENCRYPTION_KEY: testSigningKeyEncryptionKey().toString('base64'),
      DESTINATION_ENCRYPTION_KEY: testDestinationKey().toString('base64'),
      PORT: '0',
    });
    // Ready without ClickHouse: only the routes that need it answer 503; the report names it.
    expect(api.report).toMatchObject({
      status: 200,
      ready: true,
      checks: { catalog: 'ok', counters: 'ok', warehouse: expect.not.stringMatching(/^ok$/) },
      degraded: { warehouse: expect.not.stringMatching(/^ok$/) },
    });
    expect((await fetch(`${api.service.url}/docs`)).status).toBe(200);
    await api.drain();
  });
});
