import { describe, expect, it } from 'vitest';
import {
  compileRecordValidator,
  interpretRecordValidator,
  type RecordValidation,
} from './record-validator.ts';

const ORDERS = {
  fields: { country: 'string', plan: 'string', amount: 'number', active: 'boolean', signup_at: 'timestamp' },
} as const;
const valid = {
  timestamp: '2026-06-10T12:00:00Z',
  context: { requestId: 'req_1', nested: { ok: true } },
  country: 'RO',
  plan: 'pro',
  amount: 12.5,
  active: true,
  signup_at: '2026-01-02T03:04:05.678+02:00',
};

function messageOf(result: RecordValidation): string | undefined {
  return result.ok ? undefined : result.message;
}

// Every case holds for both: the gateway's generated validator and the SDK's code-free one.
describe.each([
  ['compiled', compileRecordValidator],
  ['interpreted', interpretRecordValidator],
])('%s record validator', (_, build) => {
  const validate = build(ORDERS);
  const check = (record: unknown) => messageOf(validate(record));

  it('turns a valid record into a warehouse row', () => {
    expect(validate(valid)).toEqual({
      ok: true,
      row: {
        timestamp: '2026-06-10 12:00:00.000',
        context: '{"requestId":"req_1","nested":{"ok":true}}',
        country: 'RO',
        plan: 'pro',
        amount: 12.5,
        active: true,
        signup_at: '2026-01-02 01:04:05.678',
      },
    });
  });

  it('accepts the fields in any order and an empty context', () => {
    const { timestamp, ...rest } = valid;
    expect(validate({ ...rest, context: {}, timestamp }).ok).toBe(true);
  });

  it.each([null, [], [valid], 'record', 42, true])('answers Payload must be an object for %j', (body) => {
    expect(check(body)).toBe('Payload must be an object');
  });

  it.each([undefined, '', 'yesterday', '1', 1_780_000_000, null, {}])(
    'answers Invalid or missing timestamp for %j',
    (timestamp) => {
      expect(check({ ...valid, timestamp })).toBe('Invalid or missing timestamp');
    },
  );

  it('answers Invalid or missing timestamp when it is absent', () => {
    const { timestamp: _, ...record } = valid;
    expect(check(record)).toBe('Invalid or missing timestamp');
  });

  it.each([undefined, null, 'string', '{"a":1}', [], [1], 3, true])(
    'answers context must be an object for %j',
    (context) => {
      expect(check({ ...valid, context })).toBe('context must be an object');
    },
  );

  it('answers Extra field with the name of the first undeclared field, in record order', () => {
    expect(check({ ...valid, extra: 1 })).toBe('Extra field: extra');
    expect(check({ zeta: 1, ...valid, alpha: 2 })).toBe('Extra field: zeta');
    expect(check({ ...valid, 'ünï 🎉': 1 })).toBe('Extra field: ünï 🎉');
  });

  it('answers Missing field for the first declared field absent, in schema order', () => {
    const { amount: _, plan: __, ...record } = valid;
    expect(check(record)).toBe('Missing field: plan');
  });

  it.each([
    ['country', 7, 'Invalid string field: country'],
    ['country', null, 'Invalid string field: country'],
    ['plan', ['pro'], 'Invalid string field: plan'],
    ['amount', '12.5', 'Invalid number field: amount'],
    ['amount', null, 'Invalid number field: amount'],
    ['amount', JSON.parse('1e400'), 'Invalid number field: amount'],
    ['amount', Number.NaN, 'Invalid number field: amount'],
    ['active', 'true', 'Invalid boolean field: active'],
    ['active', 1, 'Invalid boolean field: active'],
    ['signup_at', 'soon', 'Invalid timestamp field: signup_at'],
    ['signup_at', 1_780_000_000_000, 'Invalid timestamp field: signup_at'],
  ])('answers the type message when %s is %j', (field, value, message) => {
    expect(check({ ...valid, [field]: value })).toBe(message);
  });

  it('keeps finite edge numbers and any unicode string', () => {
    const numbers = [0, -0, -1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324];
    for (const amount of numbers) expect(validate({ ...valid, amount }).ok).toBe(true);
    const country = JSON.parse('"Ελλάδα 🇬🇷 \\u202e \\u0000"');
    const result = validate({ ...valid, country, context: { note: '日本語' } });
    expect(result.ok && [result.row.country, result.row.context]).toEqual([country, '{"note":"日本語"}']);
  });

  it('stores an unpaired surrogate as U+FFFD: UTF-8 has no form for it, and the warehouse refuses it', () => {
    const country = JSON.parse('"a\\ud800b\\udc00"');
    const result = validate({ ...valid, country, context: { note: country } });
    expect(result.ok && [result.row.country, result.row.context]).toEqual([
      'a\ufffdb\ufffd',
      '{"note":"a\\ud800b\\udc00"}',
    ]);
  });

  describe('order of checks', () => {
    it('checks timestamp before context, context before fields', () => {
      expect(check({ country: 1, extra: 1 })).toBe('Invalid or missing timestamp');
      expect(check({ timestamp: valid.timestamp, extra: 1 })).toBe('context must be an object');
    });

    it('reports an extra field before a missing one', () => {
      const { country: _, ...record } = valid;
      expect(check({ ...record, extra: 1 })).toBe('Extra field: extra');
    });

    it('reports a missing field before a mistyped one, even one declared earlier', () => {
      const { signup_at: _, ...record } = valid;
      expect(check({ ...record, country: 5 })).toBe('Missing field: signup_at');
    });

    it('reports a missing declared field even when a field added later is present in its stead', () => {
      const withAdded = build(ORDERS, { tier: { type: 'string', default: null } });
      const { plan: _, ...record } = valid;
      expect(messageOf(withAdded({ ...record, tier: 'gold' }))).toBe('Missing field: plan');
    });

    it('reports mistyped fields in schema order, not record order', () => {
      const { country: _, ...rest } = valid;
      expect(check({ ...rest, active: 'no', country: 5 })).toBe('Invalid string field: country');
    });
  });

  describe('prototype keys', () => {
    it('reports an own __proto__ key as an extra field and touches no prototype', () => {
      const record = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`);
      expect(check(record)).toBe('Extra field: __proto__');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('does not take inherited properties for declared fields', () => {
      // Built from entries: TypeScript types literal `constructor`/`toString` keys as Object's members.
      const fields = Object.fromEntries([
        ['constructor', 'string'],
        ['toString', 'string'],
      ] as const);
      const proto = build({ fields });
      const base = { timestamp: valid.timestamp, context: {} };
      expect(messageOf(proto(base))).toBe('Missing field: constructor');
      const result = proto({ ...base, constructor: 'a', toString: 'b' });
      expect(result.ok && { ...result.row }).toEqual({
        timestamp: '2026-06-10 12:00:00.000',
        context: '{}',
        constructor: 'a',
        toString: 'b',
      });
      expect(result.ok && Object.getPrototypeOf(result.row)).toBe(Object.prototype);
    });

    it('ignores a polluted Object.prototype', () => {
      const { country: _, ...record } = valid;
      const polluted = Object.prototype as Record<string, unknown>;
      polluted.country = 'XX';
      try {
        expect(check(record)).toBe('Missing field: country');
        expect(check({ ...record, country: 'RO', timestamp: undefined })).toBe(
          'Invalid or missing timestamp',
        );
      } finally {
        delete polluted.country;
      }
    });

    it('returns rows with only the declared and standard keys', () => {
      const result = validate(valid);
      expect(result.ok && Object.keys(result.row)).toEqual([
        'timestamp',
        'context',
        ...Object.keys(valid).slice(2),
      ]);
    });
  });

  describe('compilation', () => {
    it('refuses a schema that did not pass the schema rules, so no name reaches the generated code raw', () => {
      const hostile = { fields: { 'a"]; globalThis.pwned = 1; //': 'string' } } as never;
      expect(() => build(hostile)).toThrow(TypeError);
      expect(() => build({ fields: { __proto__x: 'string' } })).toThrow(/Reserved/);
      expect(() => build({ fields: { a: 'integer' } } as never)).toThrow(/Invalid field type/);
      expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    });

    it('answers that a context nested past what JSON serialization handles is too deep, not "not an object"', () => {
      const context = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
      expect(check({ ...valid, context })).toBe('context is nested too deeply to store as JSON');
    });

    it('answers context must be an object for a context JSON cannot represent (SDK callers)', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(check({ ...valid, context: cyclic })).toBe('context must be an object');
      expect(check({ ...valid, context: { n: 1n } })).toBe('context must be an object');
    });
  });
});

describe('interpretRecordValidator', () => {
  it('generates no code, so it runs where `new Function` is forbidden (Workers, a strict CSP)', () => {
    const realFunction = globalThis.Function;
    globalThis.Function = new Proxy(realFunction, {
      construct() {
        throw new EvalError('Code generation from strings disallowed for this context');
      },
    });
    try {
      expect(() => compileRecordValidator(ORDERS)).toThrow(EvalError);
      const validate = interpretRecordValidator(ORDERS);
      expect(messageOf(validate({ timestamp: '2026-06-10T12:00:00Z', context: {} }))).toBe(
        'Missing field: country',
      );
    } finally {
      globalThis.Function = realFunction;
    }
  });
});
