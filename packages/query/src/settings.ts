/**
 * Engine guards for one compiled query, shaped like @clickhouse/client's `clickhouse_settings`
 * (UInt64 settings are strings there). The caller passes them with the query.
 */
// A type alias, not an interface, so it fits a settings record (`Record<string, string | number>`).
export type QuerySettings = {
  readonly: '2';
  max_execution_time: number;
  max_result_rows: string;
  max_result_bytes: string;
  result_overflow_mode: 'throw';
  max_memory_usage: string;
  max_rows_to_group_by: string;
  group_by_overflow_mode: 'throw';
  output_format_json_quote_64bit_integers: 1;
  output_format_json_named_tuples_as_objects: 1;
  output_format_json_escape_forward_slashes: 0;
  log_comment: string;
};

export const GUARDS = {
  maxExecutionSeconds: 30,
  maxResultBytes: 64 * 1024 * 1024,
  maxMemoryBytes: 2 * 1024 * 1024 * 1024,
  maxGroups: 1_000_000,
} as const;

export function guardSettings(fetchRows: number, datasetId: number): QuerySettings {
  return {
    // 2, not 1: readonly=1 would also refuse the settings that follow it in the same request.
    readonly: '2',
    max_execution_time: GUARDS.maxExecutionSeconds,
    max_result_rows: String(fetchRows),
    max_result_bytes: String(GUARDS.maxResultBytes),
    result_overflow_mode: 'throw',
    max_memory_usage: String(GUARDS.maxMemoryBytes),
    max_rows_to_group_by: String(GUARDS.maxGroups),
    group_by_overflow_mode: 'throw',
    // The contract's counts are JSON strings ("events": "2"): UInt64 must be quoted on output.
    output_format_json_quote_64bit_integers: 1,
    // histogram's bins are named tuples: objects ({ lower, upper, count }), not positional arrays.
    output_format_json_named_tuples_as_objects: 1,
    // A slash as JSON.stringify writes it (`/`, not `\/`): rows pass to the answer as the engine wrote them.
    output_format_json_escape_forward_slashes: 0,
    log_comment: `quarry:dataset:${datasetId}`,
  };
}
