import { interpretRecordValidator, type RecordValidator, validateBatch } from '@quarry/schema';
import { QuarryError } from './errors.ts';
import type { Schema } from './schema.ts';

/**
 * Checks records with the gateway's own checks (its code-free twin: same messages in
 * the same order) and turns them into the JSON that is sent. Dates become ISO strings first.
 */
export class RecordEncoder {
  private readonly validate: RecordValidator;
  private readonly timestampFields: string[];

  constructor(schema: Schema) {
    this.validate = interpretRecordValidator({ fields: { ...schema.fields } });
    this.timestampFields = [
      'timestamp',
      ...Object.keys(schema.fields).filter((name) => schema.fields[name] === 'timestamp'),
    ];
  }

  /** One record's JSON, or a 400 QuarryError with the message the server would answer. */
  encode(record: unknown): string {
    const prepared = this.withIsoDates(record);
    const result = this.validate(prepared);
    if (!result.ok) throw new QuarryError(result.message, { status: 400 });
    return JSON.stringify(prepared);
  }

  /** A batch's JSON body, all or nothing, naming the first invalid record's index as the server does. */
  encodeBatch(records: readonly unknown[]): string {
    const prepared = Array.isArray(records) ? records.map((record) => this.withIsoDates(record)) : [];
    const result = validateBatch(this.validate, prepared);
    if (!result.ok) {
      throw new QuarryError(result.message, { status: 400, index: result.index, records: prepared.length });
    }
    return JSON.stringify(prepared);
  }

  private withIsoDates(record: unknown): unknown {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
    let copy: Record<string, unknown> | undefined;
    for (const name of this.timestampFields) {
      const value = Object.hasOwn(record, name) ? (record as Record<string, unknown>)[name] : undefined;
      // An invalid Date stays a Date, so the validator refuses it with the server's message.
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) continue;
      copy ??= { ...record };
      copy[name] = value.toISOString();
    }
    return copy ?? record;
  }
}
