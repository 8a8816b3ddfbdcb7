import type { ClusterTarget } from '@quarry/warehouse';

/**
 * One warehouse table as both layouts need it. On one server it is a plain (Replacing)MergeTree under
 * its name; on a cluster (CLICKHOUSE_CLUSTER) a Replicated one named `<name>_local` on every node plus
 * a Distributed table under the name, so every reader and writer keeps using the same name.
 */
export interface TableSpec {
  name: string;
  ifNotExists: boolean;
  /** Rendered column definitions, in order. */
  columns: readonly string[];
  engine: 'MergeTree' | 'ReplacingMergeTree';
  /** The version column of a ReplacingMergeTree. */
  version?: string;
  /** PARTITION BY, ORDER BY, TTL: the same in both layouts. */
  clauses: readonly string[];
  /** Keeps insert deduplication tokens (a window of 1,000 blocks on one server, in Keeper on a cluster). */
  deduplicates: boolean;
  /** Other table settings, the same in both layouts. */
  settings: readonly string[];
  /** The Distributed table's sharding key: the bus partition a row came from (docs/pipeline.md). */
  shardingKey: string;
}

// A token must outlive any retry of the chunk it names: the engine's default time bound (3,600 s)
// could forget it during a long outage. 1,000 blocks, as one server's window; no time bound there.
const REPLICATED_DEDUP = [
  'replicated_deduplication_window = 1000',
  'replicated_deduplication_window_seconds = 604800',
];
const SINGLE_DEDUP = ['non_replicated_deduplication_window = 1000'];
const REPLICA_PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";

/** The Replicated table behind a Distributed one; on one server the table itself. */
export function localTableName(name: string, cluster: ClusterTarget | undefined): string {
  return cluster ? `${name}_local` : name;
}

/** Field names were validated at registration ([A-Za-z_][A-Za-z0-9_]*); quoting is a second guard. */
export function quote(identifier: string): string {
  return `\`${identifier.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/** A string literal; cluster and database names are checked by the config, this is a second guard. */
export function literal(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** ` ON CLUSTER '<name>'`, or nothing on one server. */
export function onCluster(cluster: ClusterTarget | undefined): string {
  return cluster ? ` ON CLUSTER ${literal(cluster.name)}` : '';
}

/** The statements that create the table: one on a server, the local table then its Distributed one on a cluster. */
export function createTableStatements(spec: TableSpec, cluster: ClusterTarget | undefined): string[] {
  const exists = spec.ifNotExists ? 'IF NOT EXISTS ' : '';
  const local = localTableName(spec.name, cluster);
  const versionArg = spec.version ? quote(spec.version) : undefined;
  const engine = cluster
    ? `Replicated${spec.engine}(${[REPLICA_PATH, ...(versionArg ? [versionArg] : [])].join(', ')})`
    : `${spec.engine}${versionArg ? `(${versionArg})` : ''}`;
  const dedup = spec.deduplicates ? (cluster ? REPLICATED_DEDUP : SINGLE_DEDUP) : [];
  const settings = [...dedup, ...spec.settings];
  const table = [
    `CREATE TABLE ${exists}${quote(local)}${onCluster(cluster)} (`,
    `  ${spec.columns.join(',\n  ')}`,
    `) ENGINE = ${engine}`,
    ...spec.clauses,
    ...(settings.length > 0 ? [`SETTINGS ${settings.join(', ')}`] : []),
  ].join('\n');
  if (!cluster) return [table];
  const target = [cluster.name, cluster.database, local].map(literal).join(', ');
  return [
    table,
    `CREATE TABLE ${exists}${quote(spec.name)}${onCluster(cluster)} AS ${quote(local)}\n` +
      `ENGINE = Distributed(${target}, ${spec.shardingKey})`,
  ];
}

/** Where a table's parts are listed: this server's, or one replica's of every shard. */
export function partsSource(cluster: ClusterTarget | undefined): string {
  return cluster ? `cluster(${literal(cluster.name)}, system.parts)` : 'system.parts';
}

/** Drops the table (on a cluster the Distributed one first, then every replica's local one, from Keeper too). */
export function dropTableStatements(name: string, cluster: ClusterTarget | undefined): string[] {
  if (!cluster) return [`DROP TABLE IF EXISTS ${quote(name)}`];
  return [name, localTableName(name, cluster)].map(
    (table) => `DROP TABLE IF EXISTS ${quote(table)}${onCluster(cluster)} SYNC`,
  );
}
