import fc from 'fast-check';
import { LOG_MESSAGES } from '../../../../packages/logs/src/index.ts';
import { expectRefusal, expectSuccess } from '../answers.ts';
import { hostileBody, withRaw } from '../arbitraries/bodies.ts';
import { validEvent } from '../arbitraries/events.ts';
import { bearer, contentType, ingestAuthorization, optionalHeader } from '../arbitraries/headers.ts';
import { DEEP, deepObject } from '../arbitraries/json.ts';
import { LOG_ANSWERS } from '../catalogs.ts';
import { send } from '../http.ts';
import { property } from '../property.ts';
import { expectHostileIngestAnswered } from './hostile-ingest.ts';
import { events, post } from './log-requests.ts';

/** However deep, object metadata is stored or refused as too deep: never "metadata must be a JSON object". */
export const storesDeepMetadata = property(
  'logs: metadata of any depth is accepted or refused as too deep',
  2,
  ({ tenant }) => fc.record({ event: validEvent, metadata: deepObject(DEEP), key: bearer(tenant.apiKey) }),
  async (stack, { event, metadata, key }) => {
    const answer = await send(
      stack.gatewayUrl,
      post('/v1/ingest', key, withRaw(event, 'metadata', metadata)),
    );
    const errors = stack.serverErrors(answer.requestId);
    if (answer.status === 202) expectSuccess(answer, 202, { accepted: 1 }, errors);
    else expectRefusal(answer, { status: 400, message: LOG_MESSAGES.metadataTooDeep }, errors);
  },
);

const isAccepted = (body: unknown) =>
  Number.isInteger((body as { accepted?: unknown } | undefined)?.accepted);

export const survivesAnything = property(
  'logs: any request gets a JSON answer from the catalog, never a 5xx',
  12,
  ({ tenant, maxBodyBytes }) =>
    fc.boolean().chain((batch) =>
      fc.record({
        path: fc.constant(batch ? '/v1/logs' : '/v1/ingest'),
        authorization: ingestAuthorization(tenant),
        contentType,
        idempotencyKey: optionalHeader,
        requestId: optionalHeader,
        chunked: fc.boolean(),
        body: hostileBody(batch ? events.map((all) => ({ events: all })) : validEvent, maxBodyBytes / 8),
      }),
    ),
  (stack, request) =>
    expectHostileIngestAnswered(stack, request, { messages: LOG_ANSWERS, success: isAccepted }),
);
