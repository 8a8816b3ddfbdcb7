import { expectWellFormed } from '../answers.ts';
import { headersOf } from '../arbitraries/headers.ts';
import type { MessageSet } from '../catalogs.ts';
import { send } from '../http.ts';
import type { FuzzStack } from '../stack.ts';

/** A generated request to an ingest endpoint: every header optional, the body anything at all. */
export interface HostileIngest {
  path: string;
  authorization?: string;
  contentType?: string;
  datasetHeader?: string;
  idempotencyKey?: string;
  requestId?: string;
  chunked: boolean;
  body: string | Uint8Array;
}

/** Sends it to the gateway: never a 5xx, always the envelope with a catalog message (or a success). */
export async function expectHostileIngestAnswered(
  stack: FuzzStack,
  request: HostileIngest,
  expected: { messages: MessageSet; success: (body: unknown) => boolean },
): Promise<void> {
  const headers = headersOf({
    authorization: request.authorization,
    'content-type': request.contentType,
    'x-loguro-dataset-id': request.datasetHeader,
    'idempotency-key': request.idempotencyKey,
    'x-request-id': request.requestId,
  });
  const answer = await send(stack.gatewayUrl, {
    method: 'POST',
    path: request.path,
    headers,
    body: request.body,
    chunked: request.chunked,
  });
  expectWellFormed(answer, expected, stack.serverErrors(answer.requestId));
}
