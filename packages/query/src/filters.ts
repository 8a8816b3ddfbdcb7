import type { DatasetSchema, FieldType } from '@quarry/schema';
import { MESSAGES, QueryError } from './messages.ts';
import type { Comparison, Condition, Scalar } from './model.ts';
import { operatorSpec } from './operators.ts';
import { fieldType } from './scope.ts';
import { CLICKHOUSE_TYPES, column, float64Param, type Params, type ParamValue } from './sql.ts';
import { parseTimestamp, toParamTimestamp } from './timestamps.ts';

/** What a condition's `field` names: a column for where, an aggregate alias for having. */
export interface Operand {
  name: string;
  type: FieldType;
  sql: string;
}

/** Resolves a where field to its column: a schema field or the record's timestamp. */
export function columnOperand(schema: DatasetSchema) {
  return (name: string): Operand => ({ name, type: fieldType(schema, name), sql: column(name) });
}

/** Renders a condition tree; every value becomes a typed parameter, never SQL text. */
export function conditionSql(node: Condition, resolve: (name: string) => Operand, params: Params): string {
  if ('and' in node)
    return `(${node.and.map((child) => conditionSql(child, resolve, params)).join(' AND ')})`;
  if ('or' in node) return `(${node.or.map((child) => conditionSql(child, resolve, params)).join(' OR ')})`;
  if ('not' in node) return `NOT (${conditionSql(node.not, resolve, params)})`;
  return comparisonSql(node, resolve(node.field), params);
}

function comparisonSql(node: Comparison, operand: Operand, params: Params): string {
  const spec = operatorSpec(node.op);
  if (spec.accepts && !spec.accepts.includes(operand.type)) {
    throw new QueryError(MESSAGES.operatorFieldType(node.op, spec.accepts, operand.name));
  }
  if (spec.check && typeof node.value === 'string') {
    const problem = spec.check(node.value, operand.name);
    if (problem) throw new QueryError(problem);
  }
  const type = CLICKHOUSE_TYPES[operand.type];
  const placeholder = Array.isArray(node.value)
    ? params.bind(
        node.value.map((value) => paramValue(value, operand)),
        `Array(${type})`,
      )
    : params.bind(paramValue(node.value, operand), type);
  return spec.sql(operand.sql, placeholder);
}

const CONVERTERS: Record<FieldType, (value: Scalar) => ParamValue | undefined> = {
  string: (value) => (typeof value === 'string' ? value : undefined),
  number: (value) => (typeof value === 'number' ? float64Param(value) : undefined),
  boolean: (value) => (typeof value === 'boolean' ? value : undefined),
  timestamp: (value) => {
    const epoch = typeof value === 'string' ? parseTimestamp(value) : undefined;
    return epoch === undefined ? undefined : toParamTimestamp(epoch);
  },
};

/** A value checked against the field's type, in the form its parameter type parses. */
function paramValue(value: Scalar, operand: Operand): ParamValue {
  const converted = CONVERTERS[operand.type](value);
  if (converted === undefined) throw new QueryError(MESSAGES.valueType(operand.type, operand.name));
  return converted;
}
