import { ApiError } from '@quarry/contract';
import { describe, expect, it } from 'vitest';
import { compileFilters, LogSearchBody } from './logs-search-sql.ts';

const HOSTILE = "x' OR 1=1) -- `logs`; DROP TABLE logs {project:UInt64}";

describe('compileFilters', () => {
  it('scopes to the project first and binds every value, none of them in the SQL text', () => {
    const input = LogSearchBody.parse({
      range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59.5Z' },
      levels: ['error'],
      text: HOSTILE,
      metadata: [{ path: `user.${HOSTILE}`, value: HOSTILE }],
      env: HOSTILE,
      source: HOSTILE,
    });
    const { where, params } = compileFilters(7, input);
    expect(where.startsWith('project_id = {project:UInt64} AND ')).toBe(true);
    expect(where).not.toContain('OR 1=1');
    expect(where).not.toContain('DROP');
    expect(params).toMatchObject({
      project: 7,
      from: '2026-06-10 00:00:00.000',
      to: '2026-06-10 23:59:59.500',
      levels: ['error'],
      text: HOSTILE,
      env: HOSTILE,
      source: HOSTILE,
      m0k0: 'user',
      m0k1: HOSTILE,
      m0v: HOSTILE,
    });
  });

  it('compares metadata scalars as text and refuses an unparseable range', () => {
    const { params } = compileFilters(
      1,
      LogSearchBody.parse({
        metadata: [
          { path: 'a', value: 42 },
          { path: 'b', value: true },
        ],
      }),
    );
    expect([params.m0v, params.m1v]).toEqual(['42', 'true']);
    expect(() => compileFilters(1, { range: { from: 'June 10' } })).toThrow(ApiError);
  });

  it('has no filter but the scope for an empty body', () => {
    expect(compileFilters(3, {})).toEqual({ where: 'project_id = {project:UInt64}', params: { project: 3 } });
  });
});

describe('LogSearchBody', () => {
  it('refuses keys it does not define and malformed metadata paths', () => {
    expect(LogSearchBody.safeParse({ sql: 'SELECT 1' }).success).toBe(false);
    expect(LogSearchBody.safeParse({ metadata: { path: 'a..b', value: '1' } }).success).toBe(false);
    expect(
      LogSearchBody.safeParse({ metadata: { path: Array(11).fill('k').join('.'), value: '1' } }).success,
    ).toBe(false);
    expect(LogSearchBody.safeParse({ metadata: { path: 'a', value: { nested: true } } }).success).toBe(false);
  });
});
