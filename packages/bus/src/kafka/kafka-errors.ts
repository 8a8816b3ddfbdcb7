import { findErrorBy } from '@platformatic/kafka';
import { BusUnavailableError, MessageTooLargeError, RebalanceError, UnknownTopicError } from '../errors.ts';

const TOO_LARGE = ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE'];
// The group no longer counts this member as the owner of its partitions: a commit cannot succeed.
const MEMBERSHIP_LOST = [
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'REBALANCE_IN_PROGRESS',
  'FENCED_INSTANCE_ID',
];
// Failures of the transport rather than of the request: the broker may answer again later.
const UNAVAILABLE_CODES = ['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT'];

/** Maps a @platformatic/kafka failure (often a chain of retries) to the bus' typed errors. */
export function toBusError(error: unknown, topic?: string): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const found = (property: string, values: unknown[]) =>
    values.some((value) => findErrorBy(error, property, value) !== null);
  const message = innermostMessage(error);
  if (found('apiId', TOO_LARGE)) {
    return new MessageTooLargeError(`Kafka refused the record as too large: ${message}`, { cause: error });
  }
  // The client reports a topic missing from metadata as its own UserError, "Unknown topic <name>."
  if (topic && (found('apiId', ['UNKNOWN_TOPIC_OR_PARTITION']) || /^Unknown topic /.test(message))) {
    return new UnknownTopicError(topic, { cause: error });
  }
  if (found('apiId', MEMBERSHIP_LOST)) {
    return new RebalanceError(`the consumer group moved on: ${message}`, { cause: error });
  }
  if (found('code', UNAVAILABLE_CODES) || found('canRetry', [true])) {
    return new BusUnavailableError(`Kafka is unavailable: ${message}`, { cause: error });
  }
  return error;
}

/** The deepest error's message: retries wrap the original in "produce failed 3 times". */
function innermostMessage(error: Error): string {
  let current: unknown = error;
  for (let depth = 0; depth < 10; depth++) {
    const next =
      (current as { errors?: unknown[]; cause?: unknown }).errors?.at(-1) ?? (current as Error).cause;
    if (!(next instanceof Error)) break;
    current = next;
  }
  return (current as Error).message;
}

/** Every message in a failure's chain, e.g. each retry's "connect ECONNREFUSED 127.0.0.1:9092". */
export function describeChain(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 5) return String(error);
  const nested = [...((error as { errors?: unknown[] }).errors ?? []), error.cause].filter(
    (e) => e !== undefined,
  );
  const inner = [...new Set(nested.map((e) => describeChain(e, depth + 1)))];
  return inner.length > 0 ? `${error.message}: ${inner.join('; ')}` : error.message;
}
