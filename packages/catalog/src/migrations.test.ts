import { describe, expect, it } from 'vitest';
import { loadMigrations, orderMigrationFiles } from './migrations.ts';

describe('migration files', () => {
  it('orders files by their UTC timestamp and ignores other files', () => {
    expect(orderMigrationFiles(['20261201T0900_b.sql', 'README.md', '20261124T0430_initial.sql'])).toEqual([
      '20261124T0430_initial.sql',
      '20261201T0900_b.sql',
    ]);
  });

  it('refuses two migrations with the same timestamp', () => {
    expect(() => orderMigrationFiles(['20261124T0430_a.sql', '20261124T0430_b.sql'])).toThrow(
      /share the timestamp/,
    );
  });

  it('refuses the same minute written with and without seconds, and orders by seconds', () => {
    expect(() => orderMigrationFiles(['20261205T0130_a.sql', '20261205T013000_b.sql'])).toThrow(
      /share the timestamp/,
    );
    expect(
      orderMigrationFiles(['20261205T013000_b.sql', '20261205T0129_a.sql', '20261205T0131_c.sql']),
    ).toEqual(['20261205T0129_a.sql', '20261205T013000_b.sql', '20261205T0131_c.sql']);
  });

  it('refuses a file that is not named by timestamp', () => {
    expect(() => orderMigrationFiles(['0001_initial.sql'])).toThrow(/must be named/);
  });

  it('loads the shipped migrations with a version and checksum each', () => {
    const [initial] = loadMigrations();
    expect(initial?.version).toBe('20261124T0430_initial');
    expect(initial?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
