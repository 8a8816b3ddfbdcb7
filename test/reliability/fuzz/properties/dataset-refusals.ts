import { INGEST_MESSAGES } from '@quarry/schema';
import fc from 'fast-check';
import { expectRefusal } from '../answers.ts';
import { ingestAuthorization } from '../arbitraries/headers.ts';
import { badHeaderId, badPathId, unknownDatasetId } from '../arbitraries/ids.ts';
import { jsonValue, notJson } from '../arbitraries/json.ts';
import { validRecord } from '../arbitraries/records.ts';
import { send } from '../http.ts';
import { property } from '../property.ts';
import { bodyFor, ingestRequest, keyOf, type Route, routeTo, type Shape } from './dataset-requests.ts';

const shape = fc.constantFrom<Shape>('single', 'batch');
const suffixOf = (s: Shape) => (s === 'batch' ? '/batch' : '');

/** Contract §2: the id is checked first, so no key, no body and no dataset can change this answer. */
export const refusesBadIds = property(
  'datasets: a dataset id that is not a positive integer answers Invalid dataset ID first',
  6,
  ({ tenant }) =>
    fc.record({
      route: fc.oneof(
        fc.tuple(badPathId, shape).map(([id, s]): Route => ({ path: `/datasets/${id}${suffixOf(s)}` })),
        fc
          .tuple(badHeaderId, shape)
          .map(([id, s]): Route => ({ path: `/datasets${suffixOf(s)}`, datasetHeader: id })),
      ),
      authorization: ingestAuthorization(tenant),
      body: fc.oneof(
        validRecord(tenant.orders.fields).map((r) => JSON.stringify(r)),
        notJson,
        jsonValue.map((v) => JSON.stringify(v)),
      ),
    }),
  async (stack, { route, authorization, body }) => {
    const answer = await send(stack.gatewayUrl, ingestRequest(route, authorization, body));
    expectRefusal(
      answer,
      { status: 400, message: INGEST_MESSAGES.invalidDatasetId },
      stack.serverErrors(answer.requestId),
    );
  },
);

/**
 * A dataset the key's project cannot write (unknown, another project's, schema not registered) is
 * 404 `Dataset schema not found`; a revoked key is 403, a key without a project claim 401.
 */
export const refusesOtherDatasetsAndKeys = property(
  'datasets: unknown, foreign or pending datasets and refused keys get the contract answer',
  4,
  ({ tenant }) =>
    fc
      .oneof(
        fc
          .record({
            id: fc.oneof(
              fc.constantFrom(String(tenant.pendingId), String(tenant.foreignId)),
              unknownDatasetId,
            ),
            shape,
            inHeader: fc.boolean(),
            key: keyOf(tenant),
          })
          .map(({ id, shape: s, inHeader, key }) => ({
            route: inHeader
              ? { path: `/datasets${suffixOf(s)}`, datasetHeader: id }
              : { path: `/datasets/${id}${suffixOf(s)}` },
            shape: s,
            authorization: key,
            expected: { status: 404, message: INGEST_MESSAGES.schemaNotFound },
          })),
        fc.tuple(fc.constantFrom(...tenant.refusedKeys), shape).chain(([refused, s]) =>
          routeTo(tenant, tenant.orders, s).map((route) => ({
            route,
            shape: s,
            authorization: `Bearer ${refused.token}`,
            expected: { status: refused.status, message: refused.message },
          })),
        ),
      )
      .chain((c) => validRecord(tenant.orders.fields).map((record) => ({ ...c, record }))),
  async (stack, { route, shape: s, authorization, expected, record }) => {
    const answer = await send(stack.gatewayUrl, ingestRequest(route, authorization, bodyFor(s, [record])));
    expectRefusal(answer, expected, stack.serverErrors(answer.requestId));
  },
);
