import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.ts';

describe('checkReadiness', () => {
  it('names each failing dependency without the password of a URL its error quotes', async () => {
    const report = await checkReadiness({
      catalog: async () => {
        throw new Error('connect ECONNREFUSED postgres://quarry:hunter22@db:5432/quarry');
      },
      counters: async () => 'PONG',
    });
    expect(report.ready).toBe(false);
    expect(report.checks.counters).toBe('ok');
    expect(report.checks.catalog).toContain('ECONNREFUSED postgres://quarry:');
    expect(report.checks.catalog).not.toContain('hunter22');
  });

  it('reports a check that does not answer in time', async () => {
    const report = await checkReadiness({ bus: () => new Promise(() => undefined) }, { timeoutMs: 20 });
    expect(report).toEqual({ ready: false, checks: { bus: 'no answer within 20 ms' } });
  });

  it('stays ready when only an informational dependency fails, and names it as degraded', async () => {
    const report = await checkReadiness(
      { catalog: async () => undefined },
      { informational: { warehouse: async () => Promise.reject(new Error('connect ECONNREFUSED')) } },
    );
    expect(report).toEqual({
      ready: true,
      checks: { catalog: 'ok', warehouse: 'connect ECONNREFUSED' },
      degraded: { warehouse: 'connect ECONNREFUSED' },
    });
  });
});
