import { describe, expect, it } from 'vitest';
import { requestIdFrom } from './context.ts';

describe('requestIdFrom', () => {
  it("keeps a client's printable request id of at most 256 characters exactly as sent", () => {
    for (const header of [
      'req_123',
      'has spaces and "quotes"',
      '00-4bf92f3577b34da6-01;x=y/z',
      'a'.repeat(256),
    ]) {
      expect(requestIdFrom(header)).toBe(header);
    }
  });

  it('makes one for an empty, longer or non-printable request id', () => {
    for (const header of ['', 'a'.repeat(257), 'tab\there', 'caf\u00e9', undefined]) {
      expect(requestIdFrom(header)).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    }
  });

  it('replaces a personal access token or ingest key sent as the request id', () => {
    const pat = `pat_${'a'.repeat(16)}_${'b'.repeat(43)}`;
    for (const header of [pat, 'qk_eyJhbGciOiJFZERTQSJ9.e30.c2ln', 'PAT_x']) {
      const id = requestIdFrom(header);
      expect(id).not.toBe(header);
      expect(id).toMatch(/^req_/);
    }
  });
});
