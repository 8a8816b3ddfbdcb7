import { ApiError } from '@quarry/contract';
import { type BatchValidation, INGEST_MESSAGES, type RecordValidator, validateBatch } from '@quarry/schema';
import type { Context, Hono } from 'hono';
import { jsonAnswer } from '../answer-body.ts';
import type { GatewayEnv } from '../app.ts';
import { BODY_MESSAGES, parseDatasetId, parseJsonBody, readBody, requestBytes } from '../body.ts';
import type { IngestTarget } from '../datasets/dataset-cache.ts';
import { type AcceptedRows, queueDatasetRows } from '../datasets/ingest.ts';
import { countMonths, DEFAULT_MAX_MONTHS_PER_REQUEST, monthsMessage } from '../datasets/months.ts';
import { withIdempotency } from '../idempotency.ts';
import { authenticateIngestKey, type IngestIdentity } from '../keys/ingest-auth.ts';

type Shape = 'single' | 'batch';
type DatasetFrom = 'path' | 'header-or-default';

/**
 * The four dataset ingest endpoints (contract §2), checked in the contract's order: dataset id,
 * key claims, dataset and schema, JSON, body shape, then each record.
 */
export function registerDatasetIngest(app: Hono<GatewayEnv>): void {
  app.post('/datasets/batch', (c) => ingest(c, 'batch', 'header-or-default'));
  app.post('/datasets/:datasetId/batch', (c) => ingest(c, 'batch', 'path'));
  app.post('/datasets/:datasetId', (c) => ingest(c, 'single', 'path'));
  app.post('/datasets', (c) => ingest(c, 'single', 'header-or-default'));
}

async function ingest(c: Context<GatewayEnv>, shape: Shape, from: DatasetFrom) {
  const services = c.get('services');
  const requestedId = requestedDatasetId(c, from);
  const identity = await authenticateIngestKey(c.req.header('authorization'), services.keys);
  return withIdempotency(
    c,
    identity.keyId,
    (messageId) => accept(c, shape, identity, requestedId, messageId),
    requestBytes,
  );
}

async function accept(
  c: Context<GatewayEnv>,
  shape: Shape,
  identity: IngestIdentity,
  requestedId: number | null,
  messageId: string | undefined,
) {
  const services = c.get('services');
  const target =
    requestedId === null
      ? await services.datasets.defaultFor(identity.projectId)
      : await services.datasets.byId(requestedId, identity.projectId);
  if (!target) throw new ApiError(404, INGEST_MESSAGES.schemaNotFound);
  if (target.unusable) throw new ApiError(409, target.unusable);

  // Each month is a partition of the dataset's table: one request may not create hundreds of them.
  const maxMonths = services.limits.maxMonthsPerRequest ?? DEFAULT_MAX_MONTHS_PER_REQUEST;
  const { rows, months } = await readRows(c, shape, target, maxMonths);
  if (months > maxMonths) throw new ApiError(400, monthsMessage(maxMonths));

  await queueDatasetRows(services, {
    identity,
    datasetId: target.datasetId,
    rows,
    traceId: c.get('requestId'),
    messageId,
  });
  services.ingestMetrics.records.inc({ kind: 'dataset' }, rows.count);
  return shape === 'single'
    ? jsonAnswer(c, { success: true, status: 'queued' }, 202)
    : jsonAnswer(c, { success: true, count: rows.count, status: 'queued' }, 202);
}

/**
 * The body's rows and the distinct months they fall in, or the contract's 413 or 400. A batch the
 * transcoder vouches for is copied from its bytes; anything else is parsed and validated, which is
 * where every refusal comes from. A function of its own so that the parsed body is garbage once it
 * returns: an async function's frame keeps its locals across every await, dead or not.
 */
async function readRows(
  c: Context<GatewayEnv>,
  shape: Shape,
  target: IngestTarget,
  maxMonths: number,
): Promise<{ rows: AcceptedRows; months: number }> {
  const { maxBatchRecords } = c.get('services').limits;
  const { text, bytes } = await readBody(c.req.raw);
  if (shape === 'batch') {
    const fast = target.transcode(text, bytes);
    if (fast && fast.count <= maxBatchRecords) {
      return { rows: { count: fast.count, json: () => fast.json }, months: fast.months };
    }
  }
  const body = parseJsonBody(text);
  if (shape === 'batch' && Array.isArray(body) && body.length > maxBatchRecords) {
    throw new ApiError(413, BODY_MESSAGES.tooManyRecords(maxBatchRecords));
  }
  const checked =
    shape === 'single' ? validateSingle(target.validate, body) : validateBatch(target.validate, body);
  if (!checked.ok) {
    const details = 'index' in checked && checked.index !== undefined ? { index: checked.index } : {};
    throw new ApiError(400, checked.message, { details });
  }
  const valid = checked.rows;
  return {
    rows: { count: valid.length, json: () => JSON.stringify(valid) },
    months: countMonths(valid, maxMonths),
  };
}

function requestedDatasetId(c: Context<GatewayEnv>, from: DatasetFrom): number | null {
  if (from === 'path') return parseDatasetId(c.req.param('datasetId') ?? '');
  const header = c.req.header('x-loguro-dataset-id');
  return header === undefined ? null : parseDatasetId(header.trim());
}

// The record validator's first check is the single endpoint's `Payload must be an object`.
function validateSingle(validate: RecordValidator, body: unknown): BatchValidation {
  const result = validate(body);
  return result.ok ? { ok: true, rows: [result.row] } : result;
}
