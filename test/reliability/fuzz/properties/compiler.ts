import { datasetTableName } from '@quarry/pipeline';
import { MESSAGES, prepareQuery } from '@quarry/query';
import fc from 'fast-check';
import { ContractViolation } from '../answers.ts';
import { jsonValue } from '../arbitraries/json.ts';
import { mutate, mutation } from '../arbitraries/mutate.ts';
import { validQuery } from '../arbitraries/queries.ts';
import { messageSet } from '../catalogs.ts';
import { property } from '../property.ts';
import { type Fields, ORDER_FIELDS, TRICKY_FIELDS } from '../tenant.ts';

const REFUSALS = messageSet(MESSAGES);

const targetOf = (fields: Fields, datasetId: number) => ({
  table: datasetTableName(datasetId),
  schema: { fields },
  datasetId,
});

const cases = (fields: Fields) => {
  const valid = validQuery(fields);
  return fc.oneof(
    valid.map((doc) => ({ valid: true, doc })),
    fc
      .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([doc, changes]) => ({ valid: false, doc: changes.reduce<unknown>((d, c) => mutate(d, c), doc) })),
    jsonValue.map((doc) => ({ valid: false, doc })),
  );
};

/**
 * The compiler alone, at many more cases than HTTP allows: every document the docs call valid compiles
 * (packages/query's tests use hand-picked ones), and no input makes it throw instead of refusing with
 * a message of its catalog.
 */
export const compilesOrRefuses = property(
  'query compiler: valid documents compile; anything else is refused from the catalog, never thrown',
  4,
  () =>
    fc.oneof(
      cases(ORDER_FIELDS).map((c) => ({ ...c, target: targetOf(ORDER_FIELDS, 13) })),
      cases(TRICKY_FIELDS).map((c) => ({ ...c, target: targetOf(TRICKY_FIELDS, 14) })),
    ),
  (_stack, { valid, doc, target }) => {
    const result = prepareQuery(doc, target);
    if (result.ok) return;
    if (valid) throw new ContractViolation(`a valid document was refused: ${result.message}`);
    if (!REFUSALS.allows(result.message))
      throw new ContractViolation(`a refusal outside the catalog: ${result.message}`);
  },
);
