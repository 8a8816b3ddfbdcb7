import type { FieldType, VersionedSchema } from '@quarry/schema';
import { DATASET_SYSTEM_COLUMNS, datasetTableName } from './dataset-table.ts';
import { quote } from './table-ddl.ts';

/** How one dataset's rows become another's: the statement for one month, and where each field comes from. */
export interface CopyPlan {
  /** Target field → source field, for every target field that gets a value (the rest read their default). */
  fields: Record<string, string>;
  /** `INSERT … SELECT …` for the month in the `{month:UInt32}` parameter (YYYYMM, a partition). */
  sql: string;
  /** The source's rows in that month, as `n`: what the month's step copies. */
  countSql: string;
}

export type CopyPlanResult = { ok: true; plan: CopyPlan } | { ok: false; message: string };

type Column = { type: FieldType; nullable: boolean; optional: boolean };

function columnsOf(schema: VersionedSchema): Map<string, Column> {
  const columns = new Map<string, Column>();
  for (const [name, type] of Object.entries(schema.fields))
    columns.set(name, { type, nullable: false, optional: false });
  for (const [name, field] of Object.entries(schema.added)) {
    columns.set(name, { type: field.type, nullable: field.default === null, optional: true });
  }
  return columns;
}

/**
 * Plans a copy of `source`'s rows into `target` (a new dataset made for a change no schema version
 * can make). Each target field takes the source field `mapping` names for it, or the one of the same
 * name; the types must match, or the target be a string (any value has a text form). A target field
 * added by a version may have no source: its rows read its default. Names come from the two
 * registered schemas only, and the month is a parameter, so no request text reaches the SQL.
 */
export function planCopy(
  target: { id: number; schema: VersionedSchema },
  source: { id: number; schema: VersionedSchema },
  mapping: Record<string, string> = {},
): CopyPlanResult {
  const into = columnsOf(target.schema);
  const from = columnsOf(source.schema);
  for (const [name, sourceName] of Object.entries(mapping)) {
    if (!into.has(name)) return refuse(`fields: ${name} is not a field of the target dataset`);
    if (!from.has(sourceName)) return refuse(`fields: ${sourceName} is not a field of the source dataset`);
  }
  const fields: Record<string, string> = {};
  const names = Object.keys(DATASET_SYSTEM_COLUMNS).map(quote);
  const values = [...names];
  for (const [name, column] of into) {
    const sourceName = Object.hasOwn(mapping, name) ? (mapping[name] as string) : name;
    const origin = from.get(sourceName);
    if (!origin) {
      if (column.optional) continue;
      return refuse(`Field ${name} has no source field; name one in "fields"`);
    }
    if (origin.nullable && !column.nullable) {
      return refuse(`Cannot copy ${sourceName} into ${name}: it may be null and ${name} is not nullable`);
    }
    const value = converted(quote(sourceName), origin, column.type);
    if (value === null) {
      return refuse(
        `Cannot copy ${sourceName} (${origin.type}) into ${name} (${column.type}): only into the same type, or into a string`,
      );
    }
    fields[name] = sourceName;
    names.push(quote(name));
    values.push(value);
  }
  const sql = [
    `INSERT INTO ${quote(datasetTableName(target.id))} (${names.join(', ')})`,
    // chDB keeps the last insert's deduplication token for the session: it must not drop a month.
    'SETTINGS insert_deduplicate = 0',
    `SELECT ${values.join(', ')} FROM ${quote(datasetTableName(source.id))}`,
    'WHERE toYYYYMM(`timestamp`) = {month:UInt32}',
  ].join('\n');
  const countSql = `SELECT count() AS n FROM ${quote(datasetTableName(source.id))} WHERE toYYYYMM(\`timestamp\`) = {month:UInt32}`;
  return { ok: true, plan: { fields, sql, countSql } };
}

const refuse = (message: string): CopyPlanResult => ({ ok: false, message });

/** The source column as the target type wants it, or null when no conversion is allowed. */
function converted(column: string, origin: Column, to: FieldType): string | null {
  if (origin.type === to) return column;
  const text = asText(column, origin.type, to);
  // A null stays null (the target is then nullable too): `if` would read a null condition as false.
  return text !== null && origin.nullable ? `if(isNull(${column}), NULL, ${text})` : text;
}

function asText(column: string, from: FieldType, to: FieldType): string | null {
  if (to !== 'string') return null;
  switch (from) {
    case 'number':
      return `toString(${column})`;
    case 'boolean':
      return `if(${column}, 'true', 'false')`;
    case 'timestamp':
      // The wire form of timestamps: 2026-06-10T10:00:00.000Z.
      return `concat(replaceOne(toString(${column}), ' ', 'T'), 'Z')`;
    default:
      return null;
  }
}

/** Months (YYYYMM) that hold rows of a dataset, oldest first: one copy step each. */
export function copyMonthsSql(datasetId: number): string {
  return `SELECT DISTINCT toYYYYMM(\`timestamp\`) AS month FROM ${quote(datasetTableName(datasetId))} ORDER BY month`;
}
