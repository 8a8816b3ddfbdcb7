import fc from 'fast-check';
import { ContractViolation, describeAnswer, expectWellFormed } from '../answers.ts';
import { hostileBody } from '../arbitraries/bodies.ts';
import { bearer, brokenAuthorization, contentType, headersOf } from '../arbitraries/headers.ts';
import { badPathId, unknownDatasetId } from '../arbitraries/ids.ts';
import { type QueryDoc, validQuery } from '../arbitraries/queries.ts';
import { hostileString } from '../arbitraries/text.ts';
import { QUERY_ANSWERS } from '../catalogs.ts';
import { send } from '../http.ts';
import { property } from '../property.ts';
import type { FuzzTenant } from '../tenant.ts';

const queryPath = (project: string, id: string | number) => `/api/datasets/${project}/${id}/query`;

/** Output names whose values contract §1 says are 64-bit counts, sent as JSON strings. */
function countAliases(doc: QueryDoc): string[] {
  const select = (doc.select ?? []) as { aggregate?: string; as?: string }[];
  return select.flatMap((item) =>
    (item.aggregate === 'count' || item.aggregate === 'uniq') && item.as ? [item.as] : [],
  );
}

export const answersValidQueries = property(
  'query: a valid query document is answered 200 with rows',
  6,
  ({ tenant }) =>
    fc.constantFrom(tenant.orders, tenant.byDefault).chain((dataset) =>
      fc.record({
        dataset: fc.constant(dataset),
        doc: validQuery(dataset.fields),
        key: bearer(tenant.pat),
      }),
    ),
  async (stack, { dataset, doc, key }) => {
    const headers = { authorization: key, 'content-type': 'application/json' };
    const path = queryPath(stack.tenant.slug, dataset.id);
    const answer = await send(stack.controlUrl, { method: 'POST', path, headers, body: JSON.stringify(doc) });
    const body = (answer.json ?? {}) as { rows?: unknown; dataset?: { id?: unknown } };
    const fail = (what: string) => {
      throw new ContractViolation(`${what}: ${describeAnswer(answer, stack.serverErrors(answer.requestId))}`);
    };
    if (answer.status !== 200) fail('expected 200');
    if (!Array.isArray(body.rows) || body.dataset?.id !== dataset.id) fail('expected {rows, dataset}');
    const counts = countAliases(doc);
    for (const row of body.rows as Record<string, unknown>[]) {
      if (counts.some((alias) => typeof row[alias] !== 'string')) fail('a count that is not a JSON string');
    }
  },
);

function projectSegment(tenant: FuzzTenant) {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(tenant.slug) },
    { weight: 1, arbitrary: fc.constantFrom(tenant.foreignSlug, 'no-such-project', 'x'.repeat(65)) },
    {
      weight: 1,
      arbitrary: hostileString(20)
        .map((text) => encodeURIComponent(text.toWellFormed()))
        .filter((segment) => !['', '.', '..'].includes(segment)),
    },
  );
}

function authorization(tenant: FuzzTenant) {
  return fc.oneof(
    { weight: 8, arbitrary: bearer(tenant.pat) },
    { weight: 1, arbitrary: fc.constantFrom(...tenant.refusedPats.map((token) => `Bearer ${token}`)) },
    { weight: 1, arbitrary: brokenAuthorization(tenant.pat, tenant.apiKey) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const isRows = (body: unknown) => Array.isArray((body as { rows?: unknown } | undefined)?.rows);

export const survivesAnything = property(
  'query: any request gets a JSON answer from the catalog, never a 5xx',
  10,
  ({ tenant }) =>
    fc.record({
      project: projectSegment(tenant),
      id: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(String(tenant.orders.id), String(tenant.byDefault.id)) },
        {
          weight: 1,
          arbitrary: fc.oneof(fc.constant(String(tenant.pendingId)), unknownDatasetId, badPathId),
        },
      ),
      authorization: authorization(tenant),
      contentType,
      body: hostileBody(validQuery(tenant.orders.fields), 100_000),
    }),
  async (stack, request) => {
    const headers = headersOf({ authorization: request.authorization, 'content-type': request.contentType });
    const path = queryPath(request.project, request.id);
    const answer = await send(stack.controlUrl, { method: 'POST', path, headers, body: request.body });
    expectWellFormed(
      answer,
      { messages: QUERY_ANSWERS, success: isRows },
      stack.serverErrors(answer.requestId),
    );
  },
);
