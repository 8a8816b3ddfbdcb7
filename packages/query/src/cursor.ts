import { LIMITS } from './limits.ts';

// Opaque to clients: base64url JSON of the next offset. Unsigned on purpose: forging one only pages.
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** The offset a cursor stands for, or undefined when it is not one this package made. */
export function decodeCursor(cursor: string): number | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const onlyOffset = typeof decoded === 'object' && decoded !== null && Object.keys(decoded).length === 1;
  const offset = onlyOffset ? (decoded as Record<string, unknown>).o : undefined;
  const valid = typeof offset === 'number' && Number.isSafeInteger(offset);
  return valid && offset >= 0 && offset <= LIMITS.maxOffset ? offset : undefined;
}
