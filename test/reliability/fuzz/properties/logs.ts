import { INGEST_MESSAGES } from '@quarry/schema';
import fc from 'fast-check';
import { LOG_MESSAGES } from '../../../../packages/logs/src/index.ts';
import { expectRefusal, expectSuccess } from '../answers.ts';
import { defectiveEvent, validEvent } from '../arbitraries/events.ts';
import { bearer, headersOf, optionalHeader } from '../arbitraries/headers.ts';
import { jsonValue, notJson } from '../arbitraries/json.ts';
import { nonObject } from '../arbitraries/records.ts';
import { hostileKey } from '../arbitraries/text.ts';
import { send } from '../http.ts';
import { property } from '../property.ts';
import { events, MAX_EVENTS, post } from './log-requests.ts';

const MAX = MAX_EVENTS;

export const acceptsValidEvents = property(
  'logs: valid events are accepted with 202 and their count',
  8,
  ({ tenant }) =>
    fc.record({
      batch: fc.boolean(),
      events,
      key: bearer(tenant.apiKey),
      idempotencyKey: fc.option(fc.uuid(), { nil: undefined }),
      requestId: optionalHeader,
    }),
  async (stack, { batch, events, key, idempotencyKey, requestId }) => {
    const extra = headersOf({ 'idempotency-key': idempotencyKey, 'x-request-id': requestId });
    const body = JSON.stringify(batch ? { events } : events[0]);
    const answer = await send(stack.gatewayUrl, post(batch ? '/v1/logs' : '/v1/ingest', key, body, extra));
    expectSuccess(answer, 202, { accepted: batch ? events.length : 1 }, stack.serverErrors(answer.requestId));
  },
);

/** What /v1/logs refuses whole, before looking at any event. */
const badEnvelope = fc.oneof(
  nonObject.map((value) => ({ body: value, message: LOG_MESSAGES.missingEvents })),
  fc.constant({ body: { event: [] }, message: LOG_MESSAGES.missingEvents }),
  nonObject
    .filter((value) => !Array.isArray(value))
    .map((value) => ({ body: { events: value }, message: LOG_MESSAGES.eventsNotArray })),
  fc.constant({ body: { events: [] }, message: LOG_MESSAGES.noEvents }),
  fc
    .array(validEvent, { minLength: MAX + 1, maxLength: MAX + 20 })
    .map((all) => ({ body: { events: all }, message: LOG_MESSAGES.tooManyEvents(MAX) })),
  fc
    .tuple(
      fc.array(validEvent, { minLength: 1, maxLength: 3 }),
      hostileKey.filter((key) => key !== 'events' && key.length <= 64),
      jsonValue,
    )
    .map(([all, key, value]) => ({
      body: Object.fromEntries([
        ['events', all],
        [key, value],
      ]),
      message: LOG_MESSAGES.unknownField(key),
    })),
);

export const namesTheDefect = property(
  'logs: an invalid body or event gets its catalog message (and index)',
  8,
  ({ tenant }) =>
    fc.record({
      key: bearer(tenant.apiKey),
      defect: fc.oneof(
        notJson.map((text) => ({
          path: '/v1/logs',
          text,
          message: INGEST_MESSAGES.invalidJson,
          index: undefined,
        })),
        badEnvelope.map(({ body, message }) => ({
          path: '/v1/logs',
          text: JSON.stringify(body),
          message,
          index: undefined,
        })),
        nonObject.map((value) => ({
          path: '/v1/ingest',
          text: JSON.stringify(value),
          message: LOG_MESSAGES.eventNotObject,
          index: undefined,
        })),
        defectiveEvent.map(({ event, message }) => ({
          path: '/v1/ingest',
          text: JSON.stringify(event),
          message,
          index: undefined,
        })),
        fc.tuple(fc.array(validEvent, { maxLength: 4 }), defectiveEvent, fc.nat()).map(([valid, bad, at]) => {
          const index = at % (valid.length + 1);
          const all = [...valid.slice(0, index), bad.event, ...valid.slice(index)];
          return { path: '/v1/logs', text: JSON.stringify({ events: all }), message: bad.message, index };
        }),
      ),
    }),
  async (stack, { key, defect }) => {
    const answer = await send(stack.gatewayUrl, post(defect.path, key, defect.text));
    expectRefusal(
      answer,
      { status: 400, message: defect.message, index: defect.index },
      stack.serverErrors(answer.requestId),
    );
  },
);
