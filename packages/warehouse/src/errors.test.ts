import { describe, expect, it } from 'vitest';
import { WarehouseError } from './errors.ts';

const failure = (code?: string) =>
  new WarehouseError('insert failed', { statementName: 'insert.t', queryId: 'q', cause: { code } });

describe('warehouse errors', () => {
  it('blames the rows only for answers about the rows themselves', () => {
    for (const code of ['27', '53', '60', '72', '117']) expect(failure(code).rowsFault).toBe(true);
  });

  it('treats auth, access, disk, cancellation, load and transport as outages, not the rows', () => {
    // 516 authentication failed, 497 access denied, 243 not enough space, 394 query was cancelled,
    // 241 memory limit, 252 too many parts, and no code at all (the connection failed).
    for (const code of ['516', '497', '243', '394', '241', '252', undefined]) {
      expect(failure(code).rowsFault).toBe(false);
    }
  });
});
