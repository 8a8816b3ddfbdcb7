import { INGEST_MESSAGES, invalidFieldMessage } from '@quarry/schema';
import fc from 'fast-check';
import { expectRefusal, expectSuccess } from '../answers.ts';
import { withRaw } from '../arbitraries/bodies.ts';
import { headersOf, optionalHeader } from '../arbitraries/headers.ts';
import { anyNumber, DEEP, deepObject, jsonObject, notJson, numberLiteral } from '../arbitraries/json.ts';
import { defectiveRecord, nonObject, validRecord } from '../arbitraries/records.ts';
import { hostileString } from '../arbitraries/text.ts';
import { send } from '../http.ts';
import { property } from '../property.ts';
import { acceptedBody, bodyFor, ingestRequest, keyOf, type Shape, target } from './dataset-requests.ts';

const records = (fields: Parameters<typeof validRecord>[0]) =>
  fc.array(validRecord(fields), { minLength: 1, maxLength: 5 });

export const acceptsValidRecords = property(
  'datasets: a valid record or batch is accepted with 202',
  12,
  ({ tenant }) =>
    target(tenant).chain((t) =>
      fc.record({
        t: fc.constant(t),
        records: records(t.dataset.fields),
        key: keyOf(tenant),
        requestId: optionalHeader,
      }),
    ),
  async (stack, { t, records, key, requestId }) => {
    const extra = headersOf({ 'x-request-id': requestId });
    const answer = await send(
      stack.gatewayUrl,
      ingestRequest(t.route, key, bodyFor(t.shape, records), extra),
    );
    const count = t.shape === 'single' ? 1 : records.length;
    expectSuccess(answer, 202, acceptedBody(t.shape, count), stack.serverErrors(answer.requestId));
  },
);

/** A body the shape refuses whole: contract §2's messages for JSON and for the body's type. */
const badBody = (shape: Shape) =>
  fc.oneof(
    notJson.map((text) => ({ text, message: INGEST_MESSAGES.invalidJson })),
    shape === 'single'
      ? nonObject.map((value) => ({ text: JSON.stringify(value), message: INGEST_MESSAGES.payloadNotObject }))
      : fc
          .oneof(jsonObject, fc.constantFrom(null, [], true, 0), anyNumber, hostileString(10))
          .map((value) => ({ text: JSON.stringify(value), message: INGEST_MESSAGES.batchNotArray })),
  );

export const namesTheDefect = property(
  'datasets: an invalid body or record gets the contract message (and index)',
  12,
  ({ tenant }) =>
    target(tenant).chain((t) =>
      fc.record({
        t: fc.constant(t),
        key: keyOf(tenant),
        defect: fc.oneof(
          badBody(t.shape).map((body) => ({ ...body, index: undefined })),
          fc
            .tuple(
              fc.array(validRecord(t.dataset.fields), { maxLength: 4 }),
              defectiveRecord(t.dataset.fields),
              fc.nat(),
            )
            .map(([valid, bad, at]) => {
              const index = t.shape === 'single' ? 0 : at % (valid.length + 1);
              const all = [...valid.slice(0, index), bad.record, ...valid.slice(index)];
              return {
                text: bodyFor(t.shape, all),
                message: bad.message,
                index: t.shape === 'batch' ? index : undefined,
              };
            }),
        ),
      }),
    ),
  async (stack, { t, key, defect }) => {
    const answer = await send(stack.gatewayUrl, ingestRequest(t.route, key, defect.text));
    expectRefusal(answer, { status: 400, ...defect }, stack.serverErrors(answer.requestId));
  },
);

/** However deep, an object context is stored or refused as too deep: never "context must be an object". */
export const storesDeepContexts = property(
  'datasets: a context object of any depth is accepted or refused as too deep',
  2,
  ({ tenant }) =>
    fc.record({
      record: validRecord(tenant.orders.fields),
      context: deepObject(DEEP),
      key: keyOf(tenant),
    }),
  async (stack, { record, context, key }) => {
    const text = withRaw(record, 'context', context);
    const answer = await send(
      stack.gatewayUrl,
      ingestRequest({ path: `/datasets/${stack.tenant.orders.id}` }, key, text),
    );
    const errors = stack.serverErrors(answer.requestId);
    if (answer.status === 202) expectSuccess(answer, 202, acceptedBody('single', 1), errors);
    else expectRefusal(answer, { status: 400, message: INGEST_MESSAGES.contextTooDeep }, errors);
  },
);

export const readsNumberLiterals = property(
  'datasets: a number field takes any finite JSON number literal, nothing else',
  3,
  ({ tenant }) =>
    fc.record({ record: validRecord(tenant.orders.fields), literal: numberLiteral, key: keyOf(tenant) }),
  async (stack, { record, literal, key }) => {
    const { orders } = stack.tenant;
    const text = withRaw(record, 'amount', literal);
    const answer = await send(stack.gatewayUrl, ingestRequest({ path: `/datasets/${orders.id}` }, key, text));
    const errors = stack.serverErrors(answer.requestId);
    if (Number.isFinite(JSON.parse(literal))) expectSuccess(answer, 202, acceptedBody('single', 1), errors);
    else expectRefusal(answer, { status: 400, message: invalidFieldMessage('number', 'amount') }, errors);
  },
);
