import { BusUnavailableError, MessageTooLargeError, RebalanceError, UnknownTopicError } from '../errors.ts';

interface KafkaFailure {
  name?: string;
  type?: string;
  retriable?: boolean;
  message?: string;
  cause?: unknown;
}

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);
// The group no longer counts this member as the owner of its partitions: committing cannot succeed
// until it rejoins, which kafkajs does only once the batch handler gives up with one of these.
const MEMBERSHIP_LOST = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS']);
// Failures of the transport rather than of the request: the broker may answer again later.
const UNAVAILABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSLockTimeout',
]);

/** Maps a kafkajs failure to the bus' typed errors, looking through `cause` since retries wrap the original. */
export function toBusError(error: unknown, topic?: string): Error {
  const chain = causeChain(error);
  const message = chain.at(-1)?.message ?? String(error);
  if (chain.some((failure) => TOO_LARGE.has(failure.type ?? ''))) {
    return new MessageTooLargeError(`Kafka refused the record as too large: ${message}`, { cause: error });
  }
  if (topic && chain.some((failure) => failure.type === 'UNKNOWN_TOPIC_OR_PARTITION')) {
    return new UnknownTopicError(topic, { cause: error });
  }
  if (chain.some((failure) => MEMBERSHIP_LOST.has(failure.type ?? ''))) {
    return new RebalanceError(`the consumer group moved on: ${message}`, { cause: error });
  }
  if (chain.some((failure) => failure.retriable === true || UNAVAILABLE.has(failure.name ?? ''))) {
    return new BusUnavailableError(`Kafka is unavailable: ${message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(message);
}

function causeChain(error: unknown): KafkaFailure[] {
  const chain: KafkaFailure[] = [];
  for (let current = error; typeof current === 'object' && current !== null && chain.length < 10; ) {
    const failure = current as KafkaFailure;
    chain.push(failure);
    current = failure.cause;
  }
  return chain;
}

/** The kafkajs error that ended this member's ownership, which kafkajs rejoins the group on; if any. */
export function membershipFailure(error: unknown): unknown {
  return causeChain(error).find((failure) => MEMBERSHIP_LOST.has(failure.type ?? ''));
}
