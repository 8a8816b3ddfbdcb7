import { describe, expect, it } from 'vitest';
import { routeScope } from './scopes.ts';

describe('the scope each route needs', () => {
  it.each([
    ['GET', '/api/projects', 'read'],
    ['GET', '/api/datasets/shop/13', 'read'],
    ['GET', '/api/projects/shop/members', 'read'],
    ['POST', '/api/datasets/shop/13/query', 'read'],
    ['GET', '/api/datasets/shop/13/quarantine', 'read'],
    ['GET', '/api/datasets/shop/13/export', 'read'],
    ['POST', '/api/logs/shop/search', 'read'],
    ['POST', '/api/logs/shop/volume', 'read'],
    ['POST', '/api/logs/shop/facets', 'read'],
    ['GET', '/api/logs/shop/tail', 'read'],
    ['GET', '/api/logs/shop/export', 'read'],
    ['POST', '/api/datasets/shop', 'write'],
    ['POST', '/api/datasets/shop/13/schema', 'write'],
    ['POST', '/api/datasets/shop/13/quarantine/replay', 'write'],
    ['POST', '/api/datasets/shop/13/quarantine/discard', 'write'],
    ['POST', '/api/projects/shop/keys', 'write'],
    ['POST', '/api/projects/shop/keys/4/revoke', 'write'],
    ['DELETE', '/api/projects/shop/keys/4', 'write'],
    ['PUT', '/api/projects/shop/members', 'admin'],
    ['DELETE', '/api/projects/shop/members/7', 'admin'],
    ['PATCH', '/api/projects/shop/destination', 'admin'],
    ['POST', '/api/projects/shop/transfer', 'admin'],
    ['POST', '/api/projects', 'admin'],
    ['PATCH', '/api/dashboard/me', 'admin'],
    ['GET', '/api/dashboard/tokens', 'admin'],
    ['POST', '/api/dashboard/tokens', 'admin'],
    ['DELETE', '/api/dashboard/tokens/3', 'admin'],
    ['POST', '/api/some/route/added/later', 'admin'],
  ])('%s %s needs %s', (method, path, scope) => {
    expect(routeScope(method, path)).toBe(scope);
  });
});
