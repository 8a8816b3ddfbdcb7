import { isDeepStrictEqual } from 'node:util';
import { HTTP_REASONS } from '@quarry/contract';
import type { MessageSet } from './catalogs.ts';
import type { FuzzAnswer } from './http.ts';

/** Thrown by a property's check; fast-check reports it with the seed, path and counterexample. */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

const SHOWN = 500;

/** Where a failing answer came from: status, body and anything the server logged about it. */
export function describeAnswer(answer: FuzzAnswer, serverErrors: string[] = []): string {
  const logged = serverErrors.length > 0 ? `\nserver logged: ${serverErrors.join('\n')}` : '';
  return `${answer.status} ${answer.contentType ?? '(no content-type)'} ${answer.text.slice(0, SHOWN)}${logged}`;
}

/**
 * What every answer promises (contract §5): never a 5xx, always JSON, and an error is the envelope
 * `{error: <HTTP reason>, message}` whose message is one of the endpoint's catalog; a success is
 * one the endpoint's contract shows.
 */
export function expectWellFormed(
  answer: FuzzAnswer,
  expected: { messages: MessageSet; success: (body: unknown) => boolean },
  serverErrors: string[],
): void {
  const violation = (what: string) =>
    new ContractViolation(`${what}: ${describeAnswer(answer, serverErrors)}`);
  if (answer.status >= 500) throw violation('a server error');
  if (!answer.contentType?.startsWith('application/json')) throw violation('not a JSON answer');
  if (answer.status < 400) {
    if (!expected.success(answer.json)) throw violation('a success answer the contract does not show');
    return;
  }
  const body = answer.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw violation('not an error envelope');
  const { error, message } = body as Record<string, unknown>;
  if (error !== HTTP_REASONS[answer.status])
    throw violation(`error is not the reason phrase of ${answer.status}`);
  if (typeof message !== 'string') throw violation('no message');
  if (!expected.messages.allows(message)) throw violation('a message outside the catalog');
}

/** The exact refusal a case was built to provoke (status, message and, for batches, the index). */
export function expectRefusal(
  answer: FuzzAnswer,
  expected: { status: number; message: string; index?: number },
  serverErrors: string[],
): void {
  const body = (answer.json ?? {}) as Record<string, unknown>;
  const indexMatches = expected.index === undefined || body.index === expected.index;
  if (answer.status !== expected.status || body.message !== expected.message || !indexMatches) {
    const want = `${expected.status} ${JSON.stringify(expected.message)}${expected.index === undefined ? '' : ` at index ${expected.index}`}`;
    throw new ContractViolation(`expected ${want}, got ${describeAnswer(answer, serverErrors)}`);
  }
}

/** A 2xx with exactly the body the contract shows. */
export function expectSuccess(
  answer: FuzzAnswer,
  status: number,
  body: Record<string, unknown>,
  serverErrors: string[],
): void {
  if (answer.status !== status || !isDeepStrictEqual(answer.json, body)) {
    throw new ContractViolation(
      `expected ${status} ${JSON.stringify(body)}, got ${describeAnswer(answer, serverErrors)}`,
    );
  }
}
