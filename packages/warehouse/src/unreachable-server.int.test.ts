import { afterAll, describe, expect, it, vi } from 'vitest';
import { WarehouseError } from './errors.ts';
import { createWarehouse } from './warehouse.ts';

describe('warehouse on a ClickHouse server that does not answer', () => {
  // Nothing listens on port 1, so the HTTP connection is refused at once.
  const warehouse = createWarehouse({ kind: 'clickhouse', url: 'http://127.0.0.1:1' });
  afterAll(() => warehouse.close());

  it('rejects the readiness ping', async () => {
    await expect(warehouse.ping()).rejects.toBeInstanceOf(WarehouseError);
  });

  it('marks a failed insert as retriable, so the writer retries instead of dead-lettering', async () => {
    const failure = await warehouse
      .insert({ table: 'events', rows: [{ n: 1 }] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ statementName: 'insert.events', retriable: true, code: undefined });
  });

  it("prints nothing of its own: the failure is the caller's to log", async () => {
    const printed = (['debug', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(console, level));
    try {
      await warehouse.command({ name: 'probe', sql: 'SELECT 1' }).catch(() => undefined);
      for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of printed) spy.mockRestore();
    }
  });
});
