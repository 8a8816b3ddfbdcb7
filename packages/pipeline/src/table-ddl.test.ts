import { describe, expect, it } from 'vitest';
import { retentionDdl } from './dataset-table.ts';
import { ddlCases, ddlScript } from './testing/ddl-cases.ts';

const CLUSTER = { name: 'quarry', database: 'quarry' };

describe('warehouse DDL', () => {
  // The single-server file was written by the code before cluster mode existed: same bytes, same tables.
  it('is byte for byte the single-server DDL of before when no cluster is set', async () => {
    await expect(ddlScript(ddlCases(undefined))).toMatchFileSnapshot('__snapshots__/ddl-single-server.sql');
  });

  it('creates replicated local tables and Distributed tables under the same names on a cluster', async () => {
    await expect(ddlScript(ddlCases(CLUSTER))).toMatchFileSnapshot('__snapshots__/ddl-cluster.sql');
  });

  it('runs every cluster statement ON CLUSTER, and changes data only through the local tables', () => {
    for (const [label, statements] of ddlCases(CLUSTER)) {
      for (const sql of statements) {
        expect(sql, label).toContain(" ON CLUSTER 'quarry'");
        // A Distributed table takes no TTL, DELETE or replication engine: those name `<table>_local`.
        if (/TTL|DELETE FROM|ENGINE = Replicated/.test(sql)) expect(sql, label).toMatch(/`\w+_local`/);
      }
    }
  });

  it("shards rows and the writer's ledger by the same bus partition, so a chunk and its ledger share a shard", () => {
    const distributed = ddlCases(CLUSTER)
      .flatMap(([, statements]) => statements)
      .filter((sql) => sql.includes('ENGINE = Distributed'));
    const keys = distributed.map((sql) => /, (`\w+`)\)$/.exec(sql)?.[1]);
    expect(keys).toEqual([
      '`__sourcePartition`', // dataset table
      '`__sourcePartition`', // dataset table with versions
      '`__sourcePartition`', // logs
      '`partition`', // ledger
      '`partition`', // message ids
    ]);
  });

  it('keeps deduplication tokens in Keeper for a week on a cluster, not only the last hour', () => {
    const [local] = ddlCases(CLUSTER)[0]?.[1] ?? [];
    expect(local).toContain('replicated_deduplication_window = 1000');
    expect(local).toContain('replicated_deduplication_window_seconds = 604800');
    expect(local).not.toContain('non_replicated_deduplication_window');
  });

  it('quotes a cluster name as a string literal', () => {
    expect(retentionDdl(13, null, { name: "a'b", database: 'quarry' })).toBe(
      "ALTER TABLE `ds_13_local` ON CLUSTER 'a\\'b' REMOVE TTL",
    );
  });
});
