import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest } from './proto.ts';
import { toLogEvents } from './records.ts';

// Whatever a client sends, the mapping answers (events, a rejection or a 400/413), never throws:
// a throw would be a 500.
const json = fc.jsonValue({ maxDepth: 6 });
const shaped = fc.record({
  resourceLogs: fc.array(
    fc.record({
      resource: fc.record({
        attributes: fc.oneof(json, fc.array(fc.record({ key: fc.string(), value: json }))),
      }),
      scopeLogs: fc.array(fc.record({ scope: json, logRecords: fc.array(json, { maxLength: 4 }) }), {
        maxLength: 3,
      }),
    }),
    { maxLength: 3 },
  ),
});

describe('OTLP input from an untrusted client', () => {
  it('maps any JSON value without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(json, shaped), (body) => {
        const result = toLogEvents(body);
        expect(result.ok || [400, 413].includes(result.status)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('either refuses random bytes as protobuf or maps what they decode to', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        let decoded: unknown;
        try {
          decoded = decodeLogsRequest(bytes);
        } catch {
          return; // the route answers 400
        }
        expect(() => toLogEvents(decoded)).not.toThrow();
      }),
      { numRuns: 1_000 },
    );
  });
});
