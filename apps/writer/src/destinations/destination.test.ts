import { randomBytes } from 'node:crypto';
import { sealDestination } from '@quarry/control-plane';
import { describe, expect, it } from 'vitest';
import { needsDelivery, parseDestination } from './destination.ts';

const key = randomBytes(32);

describe('parseDestination', () => {
  it('opens the URL and the webhook secret the control API sealed', () => {
    const sealed = sealDestination({ url: 'https://u:pw@hook.example/x', signingSecret: 'whsec_abc' }, key);
    const stored = { type: 'webhook', webhook_url: 'https://u:redacted@hook.example/x' };
    expect(parseDestination(stored, sealed, key)).toEqual({
      type: 'webhook',
      url: 'https://u:pw@hook.example/x',
      signingSecret: 'whsec_abc',
    });
    const database = sealDestination({ url: 'postgres://u:pw@db/x' }, key);
    expect(parseDestination({ type: 'direct_db_postgres', direct_db_url: 'x' }, database, key)).toEqual({
      type: 'direct_db_postgres',
      url: 'postgres://u:pw@db/x',
    });
    expect(parseDestination({ type: 'logger', read_api_url: 'https://read.example' }, null, key)).toEqual({
      type: 'logger',
    });
  });

  it('still reads a destination saved before sealing, whose URL is in the clear', () => {
    expect(parseDestination({ type: 'webhook', webhook_url: 'https://hook.example/x' }, null, key)).toEqual({
      type: 'webhook',
      url: 'https://hook.example/x',
      signingSecret: undefined,
    });
  });

  it('marks what it cannot deliver to as unusable, with the reason, instead of keeping events home', () => {
    expect(parseDestination({ type: 'direct_db_mysql', direct_db_url: 'mysql://db/x' }, null, key)).toEqual({
      type: 'unusable',
      reason: 'destination type direct_db_mysql is not supported',
    });
    expect(parseDestination({ type: 'webhook' }, null, key)).toEqual({
      type: 'unusable',
      reason: 'webhook has no URL',
    });
    const otherKey = sealDestination({ url: 'https://hook.example/x' }, randomBytes(32));
    expect(parseDestination({ type: 'webhook' }, otherKey, key)).toMatchObject({
      type: 'unusable',
      reason: expect.stringContaining('DESTINATION_ENCRYPTION_KEY'),
    });
    expect(parseDestination(null, null, key)).toEqual({
      type: 'unusable',
      reason: 'destination type unknown is not supported',
    });
    expect(needsDelivery(parseDestination(null, null, key))).toBe(true);
    expect(needsDelivery({ type: 'logger' })).toBe(false);
  });
});
