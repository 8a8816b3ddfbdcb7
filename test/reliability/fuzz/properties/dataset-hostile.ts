import fc from 'fast-check';
import { expectRefusal, expectSuccess, expectWellFormed } from '../answers.ts';
import { hostileBody } from '../arbitraries/bodies.ts';
import { contentType, ingestAuthorization, optionalHeader } from '../arbitraries/headers.ts';
import { badHeaderId, badPathId } from '../arbitraries/ids.ts';
import { deepNesting } from '../arbitraries/json.ts';
import { validRecord } from '../arbitraries/records.ts';
import { hostileString } from '../arbitraries/text.ts';
import { DATASET_ANSWERS, GATEWAY_MESSAGES } from '../catalogs.ts';
import { send } from '../http.ts';
import { property } from '../property.ts';
import { acceptedBody, keyOf, target } from './dataset-requests.ts';
import { expectHostileIngestAnswered } from './hostile-ingest.ts';

const isAccepted = (body: unknown) => {
  const { success, status, count } = (body ?? {}) as Record<string, unknown>;
  return success === true && status === 'queued' && (count === undefined || Number.isInteger(count));
};

/** Anything at all on the four endpoints: never a 5xx, always the envelope with a catalog message. */
export const survivesAnything = property(
  'datasets: any request gets a JSON answer from the catalog, never a 5xx',
  20,
  ({ tenant, maxBodyBytes }) =>
    target(tenant).chain((t) =>
      fc.record({
        path: fc.oneof(
          { weight: 6, arbitrary: fc.constant(t.route.path) },
          {
            weight: 1,
            arbitrary: badPathId.map((id) => `/datasets/${id}${t.shape === 'batch' ? '/batch' : ''}`),
          },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              `/datasets/${tenant.pendingId}`,
              `/datasets/${tenant.foreignId}/batch`,
            ),
          },
        ),
        authorization: ingestAuthorization(tenant),
        contentType,
        datasetHeader: fc.oneof(fc.constant(t.route.datasetHeader), badHeaderId, hostileString(10)),
        idempotencyKey: optionalHeader,
        requestId: optionalHeader,
        chunked: fc.boolean(),
        body: hostileBody(
          t.shape === 'single'
            ? validRecord(t.dataset.fields)
            : fc.array(validRecord(t.dataset.fields), { minLength: 1, maxLength: 3 }),
          maxBodyBytes / 8,
        ),
      }),
    ),
  (stack, request) =>
    expectHostileIngestAnswered(stack, request, { messages: DATASET_ANSWERS, success: isAccepted }),
);

/** A batch padded with one long string to exactly `bytes` bytes of JSON. */
function paddedBatch(record: Record<string, unknown>, bytes: number): string {
  const base = Buffer.byteLength(JSON.stringify([{ ...record, country: '' }]));
  return JSON.stringify([{ ...record, country: 'x'.repeat(Math.max(0, bytes - base)) }]);
}

/** The documented limits at and around their edges, streamed or not; and nesting as deep as they allow. */
export const holdsTheLimits = property(
  'datasets: bodies and batches at the production limits are accepted up to the limit, 413 past it',
  1,
  ({ tenant, maxBodyBytes }) =>
    fc.record({
      record: validRecord(tenant.orders.fields).map((r) => ({ ...r, context: {}, country: 'RO', plan: 'p' })),
      limit: fc.oneof(
        fc.record({
          kind: fc.constant('bytes' as const),
          delta: fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -100_000, max: 100_000 })),
        }),
        fc.record({ kind: fc.constant('records' as const), delta: fc.integer({ min: -1, max: 1 }) }),
        fc.record({ kind: fc.constant('depth' as const), nesting: deepNesting(maxBodyBytes / 2 - 64) }),
      ),
      chunked: fc.boolean(),
      key: keyOf(tenant),
    }),
  async (stack, { record, limit, chunked, key }) => {
    const { orders } = stack.tenant;
    const body =
      limit.kind === 'bytes'
        ? paddedBatch(record, stack.maxBodyBytes + limit.delta)
        : limit.kind === 'records'
          ? JSON.stringify(Array.from({ length: stack.maxBatchRecords + limit.delta }, () => record))
          : limit.nesting;
    const headers = { authorization: key, 'content-type': 'application/json' };
    const answer = await send(stack.gatewayUrl, {
      method: 'POST',
      path: `/datasets/${orders.id}/batch`,
      headers,
      body,
      chunked,
    });
    const errors = stack.serverErrors(answer.requestId);
    if (limit.kind === 'depth') {
      expectWellFormed(answer, { messages: DATASET_ANSWERS, success: isAccepted }, errors);
    } else if (limit.delta > 0) {
      const message =
        limit.kind === 'bytes'
          ? GATEWAY_MESSAGES.body.tooLarge(stack.maxBodyBytes)
          : GATEWAY_MESSAGES.body.tooManyRecords(stack.maxBatchRecords);
      expectRefusal(answer, { status: 413, message }, errors);
    } else {
      const count = limit.kind === 'bytes' ? 1 : stack.maxBatchRecords + limit.delta;
      expectSuccess(answer, 202, acceptedBody('batch', count), errors);
    }
  },
);
