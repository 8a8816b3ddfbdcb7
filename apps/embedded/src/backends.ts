import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBus } from '@quarry/bus';
import { createCatalog } from '@quarry/catalog';
import { createCounters } from '@quarry/counters';
import type { Logger } from '@quarry/observability';
import { MAX_MESSAGE_BYTES, TOPIC_SPECS } from '@quarry/pipeline';
import { createWarehouse } from '@quarry/warehouse';

/** The embedded twins, all under one data directory: nothing to install, everything persists. */
export async function openEmbeddedBackends(dataDir: string, logger: Logger) {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const catalog = await createCatalog({ kind: 'embedded', dataDir: join(root, 'catalog') });
  await catalog.migrate();
  const bus = await createBus({
    kind: 'embedded',
    dataDir: join(root, 'bus'),
    maxMessageBytes: MAX_MESSAGE_BYTES,
  });
  await bus.admin.ensureTopics(TOPIC_SPECS);
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: join(root, 'warehouse') });
  const counters = createCounters(
    { kind: 'memory' },
    { onError: (error) => logger.warn({ err: error }, 'counters') },
  );
  return {
    root,
    catalog,
    bus,
    warehouse,
    counters,
    signingKeyEncryptionKey: loadOrCreateKey(join(root, 'secrets'), 'signing-key-encryption.key'),
    destinationKey: loadOrCreateKey(join(root, 'secrets'), 'destination-encryption.key'),
  };
}

/** A key that encrypts secrets at rest; made once per data directory, readable by its owner only. */
function loadOrCreateKey(dir: string, name: string): Buffer {
  const file = join(dir, name);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}
