import { describe, expect, it } from 'vitest';
import { useTestControl } from './testing.ts';

describe('personal access token authentication', () => {
  const control = useTestControl('postgres');

  it('accepts the bearer scheme in any letter case (RFC 9110)', async () => {
    const user = await control().signUp();
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const response = await control().request('GET', '/api/dashboard/me', {
        headers: { authorization: `${scheme} ${user.token}` },
      });
      expect(response.status, scheme).toBe(200);
    }
  });

  it('refuses another scheme or a bare token', async () => {
    const user = await control().signUp();
    for (const authorization of [`Basic ${user.token}`, user.token, 'Bearer']) {
      const response = await control().request('GET', '/api/dashboard/me', { headers: { authorization } });
      expect(response.status, authorization).toBe(401);
    }
  });
});
