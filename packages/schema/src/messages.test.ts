import { describe, expect, it } from 'vitest';
import { INGEST_MESSAGES, invalidFieldMessage } from './messages.ts';

describe('ingest message catalog', () => {
  it('holds the contract strings exactly', () => {
    expect(INGEST_MESSAGES.invalidDatasetId).toBe('Invalid dataset ID');
    expect(INGEST_MESSAGES.projectNotFound).toBe('Project not found in API token claims');
    expect(INGEST_MESSAGES.schemaNotFound).toBe('Dataset schema not found');
    expect(INGEST_MESSAGES.invalidJson).toBe('Invalid JSON body');
    expect(INGEST_MESSAGES.payloadNotObject).toBe('Payload must be an object');
    expect(INGEST_MESSAGES.batchNotArray).toBe('Batch body must be a non-empty array');
    expect(INGEST_MESSAGES.invalidTimestamp).toBe('Invalid or missing timestamp');
    expect(INGEST_MESSAGES.contextNotObject).toBe('context must be an object');
    expect(INGEST_MESSAGES.extraField('extra')).toBe('Extra field: extra');
    expect(INGEST_MESSAGES.missingField('amount')).toBe('Missing field: amount');
    expect(INGEST_MESSAGES.invalidStringField('country')).toBe('Invalid string field: country');
    expect(INGEST_MESSAGES.invalidNumberField('amount')).toBe('Invalid number field: amount');
    expect(INGEST_MESSAGES.invalidBooleanField('active')).toBe('Invalid boolean field: active');
    expect(INGEST_MESSAGES.invalidTimestampField('signup_at')).toBe('Invalid timestamp field: signup_at');
  });

  it('maps each field type to its own mismatch message', () => {
    expect(invalidFieldMessage('string', 'a')).toBe('Invalid string field: a');
    expect(invalidFieldMessage('number', 'a')).toBe('Invalid number field: a');
    expect(invalidFieldMessage('boolean', 'a')).toBe('Invalid boolean field: a');
    expect(invalidFieldMessage('timestamp', 'a')).toBe('Invalid timestamp field: a');
  });
});
