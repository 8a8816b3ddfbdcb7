import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCatalog } from '@quarry/catalog';
import { expect, it } from 'vitest';
import { Outbox } from './outbox.ts';

it('counts an attempt reported twice (a lease that ran out mid-send) once, and only dead after the last', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'quarry-outbox-'));
  const catalog = await createCatalog({ kind: 'embedded', dataDir: dir });
  try {
    await catalog.migrate();
    const [user] = (
      await catalog.query<{ id: string }>(
        `INSERT INTO users (email, password_hash) VALUES ('outbox@test.quarry', 'x') RETURNING id`,
      )
    ).rows;
    const [project] = (
      await catalog.query<{ id: string }>(
        `INSERT INTO projects (slug, name, owner_user_id) VALUES ('outbox', 'Outbox', $1) RETURNING id`,
        [user?.id],
      )
    ).rows;
    const projectId = Number(project?.id);
    const outbox = new Outbox(catalog);
    await outbox.enqueue([{ projectId, topic: 'logs', partition: 0, offset: '1', events: [] }]);
    const [pending] = await outbox.nextBatch(projectId, 100);
    const ids = [pending?.id ?? 0];
    const state = async () =>
      (
        await catalog.query<{ state: string; attempts: number }>(
          'SELECT state, attempts FROM log_deliveries WHERE id = $1',
          ids,
        )
      ).rows[0];

    // Two writers both sent attempt 1 and 2 (the first one's lease ran out while it waited).
    for (const attempt of [1, 1, 2, 2]) await outbox.failed(ids, 'webhook answered 503', attempt);
    expect(await state()).toEqual({ state: 'pending', attempts: 2 });
    // A late "dead" for an attempt already counted changes nothing; the real last attempt does.
    await outbox.finish(ids, 'dead', 'webhook answered 503', 2);
    expect(await state()).toEqual({ state: 'pending', attempts: 2 });
    await outbox.finish(ids, 'dead', 'webhook answered 503', 3);
    expect(await state()).toEqual({ state: 'dead', attempts: 3 });
  } finally {
    await catalog.close();
    await rm(dir, { recursive: true, force: true });
  }
});
