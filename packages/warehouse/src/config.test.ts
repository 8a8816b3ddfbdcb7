import { describe, expect, it } from 'vitest';
import {
  clickhouseClusterField,
  clusterNeedsServer,
  clusterTarget,
  warehouseConfigFromEnv,
} from './config.ts';

describe('cluster mode configuration', () => {
  it('is off unless CLICKHOUSE_CLUSTER is set, and then targets the configured database', () => {
    const server = { CLICKHOUSE_URL: 'http://clickhouse:8123', CLICKHOUSE_DATABASE: 'quarry' };
    expect(warehouseConfigFromEnv(server)).toEqual({
      kind: 'clickhouse',
      url: server.CLICKHOUSE_URL,
      database: 'quarry',
    });
    expect(clusterTarget(warehouseConfigFromEnv(server))).toBeUndefined();
    const cluster = warehouseConfigFromEnv({ ...server, CLICKHOUSE_CLUSTER: 'quarry' });
    expect(clusterTarget(cluster)).toEqual({ name: 'quarry', database: 'quarry' });
    expect(
      clusterTarget(warehouseConfigFromEnv({ CLICKHOUSE_URL: 'http://c:8123', CLICKHOUSE_CLUSTER: 'c' })),
    ).toEqual({
      name: 'c',
      database: 'default',
    });
  });

  it('never puts the embedded engine in cluster mode', () => {
    expect(clusterTarget({ kind: 'embedded', dataDir: '/tmp/x' })).toBeUndefined();
    expect(clusterNeedsServer({ CLICKHOUSE_CLUSTER: 'quarry' })).toBe(false);
    expect(clusterNeedsServer({ CLICKHOUSE_CLUSTER: 'quarry', CLICKHOUSE_URL: 'http://c:8123' })).toBe(true);
    expect(clusterNeedsServer({})).toBe(true);
  });

  it('accepts cluster names as remote_servers spells them, and nothing that could leave the literal', () => {
    for (const name of ['quarry', 'prod_eu-1', 'cluster.2'])
      expect(clickhouseClusterField.parse(name)).toBe(name);
    for (const name of ["q'; DROP TABLE ds_1; --", 'a b', '', '-x']) {
      expect(clickhouseClusterField.safeParse(name).success, name).toBe(false);
    }
  });
});
