import { randomInt } from 'node:crypto';
import { issuePat } from '@quarry/control-plane';
import { createLogger } from '@quarry/observability';
import { tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { createControlApp, createControlServices } from '../../../apps/control-api/src/index.ts';
import type { Pipeline } from './pipeline.ts';

export interface ControlAnswer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

export interface ControlProbe {
  /** A request with the tenant owner's PAT (none for login). */
  request(method: string, path: string, body?: unknown): Promise<ControlAnswer>;
  close(): Promise<void>;
}

/**
 * The control API's app in this process on the pipeline's catalog and counters, called through
 * `app.request`. Without a warehouse it gets a chDB directory of its own (the writer's is held by
 * the writer process); close it before anything else in this process opens the writer's.
 */
export async function openControlProbe(pipeline: Pipeline, warehouse?: Warehouse): Promise<ControlProbe> {
  const owned = warehouse === undefined;
  const target = warehouse ?? createWarehouse({ kind: 'embedded', dataDir: await tempDir('faults-control') });
  const app = createControlApp(
    createControlServices({
      logger: createLogger({ service: 'control-api-faults', level: 'silent' }),
      catalog: pipeline.catalog,
      counters: pipeline.counters,
      warehouse: target,
      signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
      destinationKey: testDestinationKey(),
    }),
  );
  const { token } = await issuePat(pipeline.deps.db, pipeline.tenant.userId, 'faults');
  return {
    async request(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      // The login throttle reads the socket's address, which app.request has none of.
      const env = { incoming: { socket: { remoteAddress: `10.0.${randomInt(256)}.${randomInt(1, 255)}` } } };
      const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
      const response = await app.request(path, init, env);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the assertions on the envelope then fail with the text in view
      }
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: parsed };
    },
    close: async () => {
      if (owned) await target.close();
    },
  };
}
