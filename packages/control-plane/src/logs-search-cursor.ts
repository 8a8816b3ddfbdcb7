import { z } from 'zod';

/** Where a newest-first page stopped: the last row's event time and bus position. */
export interface Position {
  time: number;
  partition: number;
  offset: string;
  index: number;
}

/** The last position a tail has seen in one partition: [partition, offset, index]. */
export type Bound = [partition: number, offset: string, index: number];
export type TailPositions = Bound[];

export type LogCursor = { kind: 'page'; position: Position } | { kind: 'tail'; positions: TailPositions };

const partition = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const offset = z.string().regex(/^\d{1,20}$/);
const index = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const Encoded = z.union([
  z.strictObject({
    k: z.literal('p'),
    t: z
      .number()
      .int()
      .min(Date.UTC(1900, 0, 1))
      .max(Date.UTC(2300, 0, 1)),
    p: partition,
    o: offset,
    i: index,
  }),
  z.strictObject({ k: z.literal('t'), p: z.array(z.tuple([partition, offset, index])).max(10_000) }),
]);

// Opaque to clients: base64url JSON. Unsigned on purpose: the project scope comes from the catalog,
// so a forged cursor can only move within the caller's own logs.
const encode = (value: z.infer<typeof Encoded>) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function encodePageCursor(position: Position): string {
  return encode({ k: 'p', t: position.time, p: position.partition, o: position.offset, i: position.index });
}

export function encodeTailCursor(positions: TailPositions): string {
  return encode({ k: 't', p: positions });
}

/** The cursor, or null when the text is not one this module made. */
export function decodeCursor(text: string): LogCursor | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = Encoded.safeParse(value);
  if (!parsed.success) return null;
  const cursor = parsed.data;
  return cursor.k === 'p'
    ? { kind: 'page', position: { time: cursor.t, partition: cursor.p, offset: cursor.o, index: cursor.i } }
    : { kind: 'tail', positions: cursor.p };
}
