import fc from 'fast-check';
import { serverView } from './headers.ts';
import { hostileString } from './text.ts';

/** What the gateway takes as a dataset id (contract §2: a positive integer), judged independently. */
export const isDatasetId = (text: string) => /^[1-9][0-9]*$/.test(text) && Number.isSafeInteger(Number(text));

/** Ids that are not positive integers: zero, negatives, past 2^53, decimals, other digit scripts, junk. */
const notAnId = fc.oneof(
  fc.constantFrom(
    '0',
    '00',
    '01',
    '-1',
    '+1',
    '1.0',
    '1.5',
    '1e3',
    '0x1F',
    '1_000',
    'NaN',
    'Infinity',
    'null',
    '١٢',
    '１２',
    '²',
    '9007199254740992',
    '9007199254740993',
    '99999999999999999',
  ),
  fc.integer({ max: 0 }).map(String),
  fc.bigInt({ min: 2n ** 53n, max: 10n ** 40n }).map(String),
  hostileString(12),
);

/**
 * A bad id as a path segment: percent-encoded, so the server decodes back to the text; minus what
 * would change the route instead (`.`, `..`, empty, `batch`). Plus malformed escapes sent raw.
 */
export const badPathId = fc
  .oneof(
    { weight: 6, arbitrary: notAnId.map((id) => encodeURIComponent(id.toWellFormed())) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%C0%AF', '%FF', '%00', '%2F', '1%2F2', '%20'),
    },
  )
  .filter((segment) => !['', '.', '..', 'batch'].includes(segment) && !isDatasetId(safeDecode(segment)));

/** A bad id for X-Loguro-Dataset-Id: bad as the server will read it (bytes as latin1, trimmed). */
export const badHeaderId = notAnId.filter((id) => !isDatasetId(serverView(id)));

/** A positive integer no dataset has (yet): ids are a bigint sequence far below this. */
export const unknownDatasetId = fc.bigInt({ min: 10n ** 12n, max: 2n ** 53n - 1n }).map(String);

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
