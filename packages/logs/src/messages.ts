/**
 * Every log ingest message (contract §3 names the cases, not the text). Gateway and SDK both answer
 * from here, so a client sees the same text from either. All are 400s.
 */
export const LOG_MESSAGES = {
  missingEvents: 'Missing events: the body must be {"events": [...]}',
  eventsNotArray: 'events must be an array',
  noEvents: 'events must not be empty',
  tooManyEvents: (max: number) => `Too many events (at most ${max})`,
  eventNotObject: 'Event must be an object',
  missingMessage: 'Missing message',
  messageNotString: 'message must be a string',
  emptyMessage: 'message must not be empty',
  messageTooLong: (max: number) => `message too long (at most ${max} characters)`,
  invalidLevel: 'Invalid level (one of debug, info, warn, error)',
  invalidTimestamp: 'Invalid timestamp (ISO 8601, e.g. 2026-06-10T10:00:00Z)',
  metadataNotObject: 'metadata must be a JSON object',
  metadataTooDeep: 'metadata is nested too deeply to store as JSON',
  metadataTooLarge: (max: number) => `metadata too large (at most ${max} characters of JSON)`,
  notString: (field: string) => `${field} must be a string`,
  tooLong: (field: string, max: number) => `${field} too long (at most ${max} characters)`,
  unknownField: (name: string) => `Unknown field: ${name}`,
} as const;
