import { describe, expect, it } from 'vitest';
import { needsDelivery, parseDestination } from './destination.ts';

describe('parseDestination', () => {
  it('reads each stored destination the control API writes', () => {
    expect(parseDestination({ type: 'logger' })).toEqual({ type: 'logger' });
    expect(parseDestination({ type: 'logger', read_api_url: 'https://read.example' })).toEqual({
      type: 'logger',
    });
    expect(parseDestination({ type: 'webhook', webhook_url: 'https://hook.example/x' })).toEqual({
      type: 'webhook',
      url: 'https://hook.example/x',
    });
    expect(parseDestination({ type: 'direct_db_postgres', direct_db_url: 'postgres://db/x' })).toEqual({
      type: 'direct_db_postgres',
      url: 'postgres://db/x',
    });
  });

  it('marks kinds it cannot write to as unsupported instead of falling back to the built-in store', () => {
    expect(parseDestination({ type: 'direct_db_mysql', direct_db_url: 'mysql://db/x' })).toEqual({
      type: 'unsupported',
      name: 'direct_db_mysql',
    });
    expect(parseDestination({ type: 'webhook' })).toEqual({ type: 'unsupported', name: 'webhook' });
    expect(parseDestination(null)).toEqual({ type: 'unsupported', name: 'unknown' });
    expect(needsDelivery(parseDestination(null))).toBe(true);
    expect(needsDelivery({ type: 'logger' })).toBe(false);
  });
});
