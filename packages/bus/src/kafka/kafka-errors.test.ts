import { MultipleErrors, NetworkError, ProtocolError, TimeoutError, UserError } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { BusUnavailableError, MessageTooLargeError, RebalanceError, UnknownTopicError } from '../errors.ts';
import { describeChain, toBusError } from './kafka-errors.ts';

// The client wraps every attempt's failure in one MultipleErrors once its retries are spent.
const retried = (...errors: Error[]) => new MultipleErrors(`produce failed ${errors.length} times.`, errors);
const refused = () =>
  new NetworkError('Connection to 127.0.0.1:1 failed.', { cause: new Error('ECONNREFUSED') });

describe('toBusError', () => {
  it('maps refused connections and timeouts, even after retries, to BusUnavailableError', () => {
    expect(toBusError(retried(refused(), refused()))).toBeInstanceOf(BusUnavailableError);
    expect(toBusError(new TimeoutError('Request timed out.'))).toBeInstanceOf(BusUnavailableError);
  });

  it('maps MESSAGE_TOO_LARGE, even wrapped by the retrier, to MessageTooLargeError', () => {
    expect(toBusError(retried(new ProtocolError('MESSAGE_TOO_LARGE')))).toBeInstanceOf(MessageTooLargeError);
    expect(toBusError(new ProtocolError('RECORD_LIST_TOO_LARGE'))).toBeInstanceOf(MessageTooLargeError);
  });

  it('names the topic when it does not exist', () => {
    const error = toBusError(new UserError('Unknown topic events.'), 'events');
    expect(error).toBeInstanceOf(UnknownTopicError);
    expect(error.message).toBe('topic events does not exist');
  });

  it('maps a commit refused because the group moved on to RebalanceError', () => {
    for (const id of ['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS']) {
      expect(toBusError(retried(new ProtocolError(id)))).toBeInstanceOf(RebalanceError);
    }
  });

  it('passes other failures through unchanged, and describes the whole chain for the log', () => {
    const invalid = new ProtocolError('INVALID_RECORD');
    expect(toBusError(invalid)).toBe(invalid);
    expect(describeChain(retried(refused()))).toMatch(
      /produce failed 1 times\.: Connection to .* failed\.: ECONNREFUSED/,
    );
  });
});
