/**
 * One Kafka message carries one accepted request: its validated rows for one dataset. The writer
 * addresses each record as (partition, offset, index in `rows`), which is also its identity for
 * deduplication. Version 1 is JSON so operators can read dead letters with plain tools.
 */
export interface DatasetEnvelope {
  v: 1;
  kind: 'dataset';
  datasetId: number;
  projectId: number;
  /** When the gateway accepted the request (ISO 8601, UTC). */
  acceptedAt: string;
  /** X-Request-Id of the request, stored on every row as `__traceId`. */
  traceId: string;
  rows: Record<string, unknown>[];
}

export type DecodeResult = { ok: true; envelope: DatasetEnvelope } | { ok: false; reason: string };

export function encodeDatasetEnvelope(envelope: Omit<DatasetEnvelope, 'v' | 'kind'>): string {
  return JSON.stringify({ v: 1, kind: 'dataset', ...envelope });
}

/**
 * encodeDatasetEnvelope's text from the rows' JSON array text (what `JSON.stringify(rows)` gives),
 * already written: the gateway copies rows out of the request's bytes instead of building objects.
 */
export function encodeDatasetEnvelopeRows(
  header: Omit<DatasetEnvelope, 'v' | 'kind' | 'rows'>,
  rowsJson: string,
): string {
  const { datasetId, projectId, acceptedAt, traceId } = header;
  const head = JSON.stringify({ v: 1, kind: 'dataset', datasetId, projectId, acceptedAt, traceId });
  return `${head.slice(0, -1)},"rows":${rowsJson}}`;
}

/** The first decoding step of every envelope: bytes to JSON, or the reason it is poison. */
export function parseMessageJson(
  value: Buffer | string | null,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (value === null) return { ok: false, reason: 'empty message' };
  try {
    return { ok: true, value: JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) };
  } catch {
    return { ok: false, reason: 'undecodable: not JSON' };
  }
}

export function decodeDatasetEnvelope(value: Buffer | string | null): DecodeResult {
  const json = parseMessageJson(value);
  if (!json.ok) return json;
  const parsed = json.value;
  if (!isDatasetEnvelope(parsed))
    return { ok: false, reason: 'undecodable: not a version 1 dataset envelope' };
  return { ok: true, envelope: parsed };
}

// Ids are catalog serials: 0 or a negative id can name no table, so the message is poison.
function isPositiveId(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function isDatasetEnvelope(value: unknown): value is DatasetEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<DatasetEnvelope>;
  return (
    candidate.v === 1 &&
    candidate.kind === 'dataset' &&
    isPositiveId(candidate.datasetId) &&
    isPositiveId(candidate.projectId) &&
    typeof candidate.acceptedAt === 'string' &&
    typeof candidate.traceId === 'string' &&
    Array.isArray(candidate.rows) &&
    candidate.rows.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))
  );
}
