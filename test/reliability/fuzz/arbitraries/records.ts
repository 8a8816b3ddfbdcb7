import { type FieldType, INGEST_MESSAGES, invalidFieldMessage } from '@quarry/schema';
import fc from 'fast-check';
import type { Fields } from '../tenant.ts';
import { anyNumber, type Json, jsonObject, jsonValue } from './json.ts';
import { hostileKey, hostileString } from './text.ts';
import { invalidTimestamp, validTimestamp } from './timestamps.ts';

export type JsonRecord = Record<string, unknown>;

/** JSON that is not an object: what `context` and a single record must not be. */
export const nonObject: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  anyNumber,
  hostileString(10),
  fc.array(jsonValue, { maxLength: 3 }),
);

const valueOfType: Record<FieldType, fc.Arbitrary<unknown>> = {
  string: hostileString(60),
  number: anyNumber,
  boolean: fc.boolean(),
  timestamp: validTimestamp.map((t) => t.text),
};

/** A value of any other JSON type (`"12.5"` for a number, `1` for a boolean, …). */
const wrongValueOf: Record<FieldType, fc.Arbitrary<unknown>> = {
  string: fc.oneof(anyNumber, fc.boolean(), fc.constant(null), fc.array(hostileString(5), { maxLength: 2 })),
  number: fc.oneof(anyNumber.map(String), fc.boolean(), fc.constant(null), jsonObject),
  boolean: fc.oneof(fc.constantFrom(0, 1, 'true', 'false', null), jsonObject),
  timestamp: invalidTimestamp,
};

/**
 * A record valid for `fields` (contract §2 shape): the standard fields plus exactly the declared
 * ones, every value of its type. Built from entries, like JSON.parse builds it.
 */
export function validRecord(fields: Fields): fc.Arbitrary<JsonRecord> {
  const declared = Object.entries(fields).map(([name, type]) =>
    valueOfType[type].map((v) => [name, v] as const),
  );
  return fc
    .tuple(validTimestamp, jsonObject, fc.tuple(...declared))
    .map(([timestamp, context, values]) =>
      Object.fromEntries([['timestamp', timestamp.text], ['context', context], ...values]),
    );
}

export interface Defective {
  record: JsonRecord;
  /** The one message contract §2 gives for the single defect the record carries. */
  message: string;
}

/** A valid record with exactly one defect of those contract §2 lists, and the message it must get. */
export function defectiveRecord(fields: Fields): fc.Arbitrary<Defective> {
  const names = Object.keys(fields);
  const known = new Set(['timestamp', 'context', ...names]);
  const field = fc.constantFrom(...names);
  const set = (record: JsonRecord, key: string, value: unknown) =>
    Object.fromEntries([...Object.entries(record).filter(([k]) => k !== key), [key, value]]);
  const without = (record: JsonRecord, key: string) =>
    Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
  const defects: fc.Arbitrary<(record: JsonRecord) => Defective>[] = [
    fc.option(invalidTimestamp, { nil: undefined }).map((value) => (record) => ({
      record: value === undefined ? without(record, 'timestamp') : set(record, 'timestamp', value),
      message: INGEST_MESSAGES.invalidTimestamp,
    })),
    fc.option(nonObject, { nil: undefined }).map((value) => (record) => ({
      record: value === undefined ? without(record, 'context') : set(record, 'context', value),
      message: INGEST_MESSAGES.contextNotObject,
    })),
    fc
      .tuple(
        hostileKey.filter((key) => !known.has(key)),
        jsonValue,
      )
      .map(([key, value]) => (record) => ({
        record: set(record, key, value),
        message: INGEST_MESSAGES.extraField(key),
      })),
    field.map((name) => (record) => ({
      record: without(record, name),
      message: INGEST_MESSAGES.missingField(name),
    })),
    field.chain((name) =>
      wrongValueOf[fields[name] ?? 'string'].map((value) => (record: JsonRecord) => ({
        record: set(record, name, value),
        message: invalidFieldMessage(fields[name] ?? 'string', name),
      })),
    ),
  ];
  return fc.tuple(validRecord(fields), fc.oneof(...defects)).map(([record, defect]) => defect(record));
}
