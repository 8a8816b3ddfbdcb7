import { describe, expect, it } from 'vitest';
import { schemaDifferences } from './schema.ts';

describe('schemaDifferences', () => {
  it('is empty for equal schemas, whatever the order of their fields', () => {
    expect(schemaDifferences({ a: 'string', b: 'number' }, { b: 'number', a: 'string' })).toEqual([]);
  });

  it('names every field that differs: type, missing from the registration, missing from the code', () => {
    expect(
      schemaDifferences(
        { country: 'string', amount: 'number', legacy: 'boolean' },
        { country: 'string', amount: 'string', plan: 'string' },
      ),
    ).toEqual([
      'amount is registered as number but string in the code',
      'plan is string in the code but not registered',
      'legacy is registered as boolean but not in the code',
    ]);
  });
});
