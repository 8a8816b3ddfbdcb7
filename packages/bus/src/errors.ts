/** The bus cannot take or serve records right now (broker down, timeout); the edge answers 503. */
export class BusUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BusUnavailableError';
  }
}

/** A record exceeds what the bus accepts; retrying cannot help, the edge answers 413. */
export class MessageTooLargeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MessageTooLargeError';
  }
}

/** The topic was never created (topics are created on purpose, see Admin.ensureTopics). */
export class UnknownTopicError extends Error {
  constructor(topic: string, options?: { cause?: unknown }) {
    super(`topic ${topic} does not exist`, options);
    this.name = 'UnknownTopicError';
  }
}

/**
 * The group took this consumer's partitions away (a rebalance, or it was evicted after staying silent
 * longer than the session timeout): stop the batch without committing; its messages come again.
 */
export class RebalanceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RebalanceError';
  }
}
