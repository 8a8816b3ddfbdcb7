/** Provenance headers on every dead letter; the value is the original bytes, untouched. */
export const DEAD_LETTER_HEADERS = {
  topic: 'quarry-source-topic',
  partition: 'quarry-source-partition',
  offset: 'quarry-source-offset',
  key: 'quarry-source-key',
  reason: 'quarry-reason',
  failedAt: 'quarry-failed-at',
} as const;
