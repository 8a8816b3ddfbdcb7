import { describe, expect, it } from 'vitest';
import { decodeCursor, encodePageCursor, encodeTailCursor } from './logs-search-cursor.ts';

describe('log search cursors', () => {
  it('round-trip a page position and tail positions', () => {
    const position = { time: Date.UTC(2026, 5, 10), partition: 3, offset: '18446744073709551615', index: 99 };
    expect(decodeCursor(encodePageCursor(position))).toEqual({ kind: 'page', position });
    const positions: [number, string, number][] = [
      [0, '12', 0],
      [5, '7', 3],
    ];
    expect(decodeCursor(encodeTailCursor(positions))).toEqual({ kind: 'tail', positions });
    expect(decodeCursor(encodeTailCursor([]))).toEqual({ kind: 'tail', positions: [] });
  });

  it('refuses anything it did not make', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeCursor('not a cursor')).toBeNull();
    expect(decodeCursor(forged({ k: 'p', t: Date.UTC(1800, 0, 1), p: 0, o: '1', i: 0 }))).toBeNull();
    expect(decodeCursor(forged({ k: 'p', t: Date.UTC(2026, 0, 1), p: 0, o: "1' OR 1=1", i: 0 }))).toBeNull();
    expect(decodeCursor(forged({ k: 't', p: [[0, '1', 0]], extra: 1 }))).toBeNull();
    expect(decodeCursor(forged({ o: 10 }))).toBeNull();
  });
});
