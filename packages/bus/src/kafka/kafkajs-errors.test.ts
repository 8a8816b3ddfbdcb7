import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { BusUnavailableError, MessageTooLargeError, RebalanceError, UnknownTopicError } from '../errors.ts';
import { membershipFailure, toBusError } from './kafkajs-errors.ts';

// kafkajs builds its protocol errors from a plain description of the broker's error code.
const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError(Object.assign(new Error(type), { type, code: 1, retriable }));

describe('toBusError', () => {
  it('maps a refused connection after retries to BusUnavailableError', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 2, retryTime: 300 });
    expect(toBusError(exhausted)).toBeInstanceOf(BusUnavailableError);
  });

  it('maps MESSAGE_TOO_LARGE, even wrapped by the retrier, to MessageTooLargeError', () => {
    const tooLarge = protocolError('MESSAGE_TOO_LARGE', false);
    const wrapped = new KafkaJSNumberOfRetriesExceeded(tooLarge, { retryCount: 0, retryTime: 100 });
    expect(toBusError(wrapped)).toBeInstanceOf(MessageTooLargeError);
    expect(toBusError(protocolError('RECORD_LIST_TOO_LARGE', false))).toBeInstanceOf(MessageTooLargeError);
  });

  it('names the topic when it does not exist', () => {
    const error = toBusError(protocolError('UNKNOWN_TOPIC_OR_PARTITION', true), 'events');
    expect(error).toBeInstanceOf(UnknownTopicError);
    expect(error.message).toBe('topic events does not exist');
  });

  it('maps a commit refused because the group moved on to RebalanceError, and finds the original', () => {
    for (const type of ['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS']) {
      const refused = protocolError(type, type === 'REBALANCE_IN_PROGRESS');
      const wrapped = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 0, retryTime: 100 });
      const error = toBusError(wrapped);
      expect(error).toBeInstanceOf(RebalanceError);
      expect(membershipFailure(error)).toBe(refused);
    }
    expect(membershipFailure(protocolError('INVALID_RECORD', false))).toBeUndefined();
  });

  it('passes other failures through unchanged', () => {
    const invalid = protocolError('INVALID_RECORD', false);
    expect(toBusError(invalid)).toBe(invalid);
  });
});
