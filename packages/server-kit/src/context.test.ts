import { describe, expect, it } from 'vitest';
import { requestIdFrom } from './context.ts';

describe('requestIdFrom', () => {
  it("keeps a client's request id", () => {
    expect(requestIdFrom('req_123')).toBe('req_123');
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
