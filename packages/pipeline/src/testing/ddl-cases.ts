import type { ClusterTarget } from '@quarry/warehouse';
import {
  addColumnsStatements,
  datasetTableStatements,
  deleteRecordsSql,
  dropDatasetTableStatements,
  retentionDdl,
} from '../dataset-table.ts';
import { bookkeepingTableStatements } from '../ledger.ts';
import { logsTableStatements } from '../logs-table.ts';

/** Every kind of statement Quarry sends that creates, changes or drops a warehouse table. */
export function ddlCases(cluster: ClusterTarget | undefined): Array<[label: string, statements: string[]]> {
  const fields = { country: 'string', amount: 'number', active: 'boolean', signup_at: 'timestamp' } as const;
  const added = {
    coupon: { type: 'string', default: null },
    note: { type: 'string', default: "it's a \\ test" },
    discount: { type: 'number', default: -2.5 },
    vip: { type: 'boolean', default: false },
    seen_at: { type: 'timestamp', default: '2026-01-01 00:00:00.000' },
  } as const;
  return [
    ['dataset table', datasetTableStatements(13, { fields }, {}, cluster)],
    [
      'dataset table with versions and retention',
      datasetTableStatements(13, { fields }, { added, retentionDays: 30 }, cluster),
    ],
    ['schema version columns', addColumnsStatements(13, added, cluster)],
    ['retention set', [retentionDdl(13, 7, cluster)]],
    ['retention removed', [retentionDdl(13, null, cluster)]],
    ['dataset dropped', dropDatasetTableStatements(13, cluster)],
    ['records deleted', [deleteRecordsSql(13, '`country` = {p0:String}', cluster)]],
    ['logs table', logsTableStatements(cluster)],
    ['writer bookkeeping tables', bookkeepingTableStatements(cluster)],
  ];
}

/** One file: each statement under its case's label, as a snapshot a reviewer reads like SQL. */
export function ddlScript(cases: Array<[string, string[]]>): string {
  return cases.flatMap(([label, statements]) => statements.map((sql) => `-- ${label}\n${sql};\n`)).join('\n');
}
