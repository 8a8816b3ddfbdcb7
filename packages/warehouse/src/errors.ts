// Engine codes for a passing condition (load, timeouts, merges behind, keeper), not a bad statement.
const retriableCodes = new Set(['159', '202', '203', '209', '210', '241', '242', '252', '425', '999']);

// Engine codes that mean the inserted rows themselves are wrong (unparsable, out of range, the wrong
// type, a CHECK constraint violated, a table that does not exist): retrying the same rows cannot
// help. Anything else (auth, access, disk, a cancelled query, load, transport) is an outage.
const rowsFaultCodes = new Set([
  '6',
  '16',
  '25',
  '26',
  '27',
  '32',
  '33',
  '38',
  '41',
  '43',
  '53',
  '60',
  '69',
  '70',
  '72',
  '117',
  '131',
  '321',
  '349',
  '407',
  '467',
  '469',
]);

/** A failed warehouse statement, named so logs and `system.query_log` can be joined on it. */
export class WarehouseError extends Error {
  readonly statementName: string;
  readonly queryId: string;
  /** ClickHouse's numeric error code as text, when the engine answered. */
  readonly code: string | undefined;
  /** True when retrying the same statement later can succeed (transport failure or load). */
  readonly retriable: boolean;
  /** True when the engine refused the statement's rows themselves: the data, not the engine, is at fault. */
  readonly rowsFault: boolean;

  constructor(message: string, details: { statementName: string; queryId: string; cause: unknown }) {
    super(message, { cause: details.cause });
    this.name = 'WarehouseError';
    this.statementName = details.statementName;
    this.queryId = details.queryId;
    this.code = engineErrorCode(details.cause);
    // Anything that is not an engine answer is transport (refused, reset, timed out).
    this.retriable = this.code === undefined || retriableCodes.has(this.code);
    this.rowsFault = this.code !== undefined && rowsFaultCodes.has(this.code);
  }
}

// By shape, not instanceof: @clickhouse/client bundles its own ClickHouseError class, and chDB
// throws the one from @clickhouse/client-common.
function engineErrorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^\d+$/.test(code) ? code : undefined;
}

export function wrapFailure(statementName: string, queryId: string, cause: unknown): WarehouseError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new WarehouseError(`${statementName} failed: ${reason}`, { statementName, queryId, cause });
}
