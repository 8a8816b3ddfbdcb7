import { describe, expect, it } from 'vitest';
import { MAX_CONTROL_BODY_BYTES } from './app.ts';
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

describe('request bodies', () => {
  const control = useTestControl('postgres');

  it('refuses a body over 1 MiB with 413 before reading it, and takes one at the limit', async () => {
    const user = await control().signUp();
    const slug = await control().createProject(user);
    const padded = (bytes: number) => {
      const doc = JSON.stringify({ name: 'Orders', description: '' });
      return JSON.stringify({ name: 'Orders', description: ' '.repeat(bytes - doc.length) });
    };
    const over = await control().request('POST', `/api/datasets/${slug}`, {
      token: user.token,
      rawBody: padded(MAX_CONTROL_BODY_BYTES + 1),
    });
    expect([over.status, over.body]).toEqual([
      413,
      { error: 'Payload Too Large', message: 'Request body too large (at most 1 MiB)' },
    ]);
    // Anonymous routes are bounded too: signup reads a body before any account exists.
    const anonymous = await control().request('POST', '/api/auth/signup', {
      rawBody: padded(MAX_CONTROL_BODY_BYTES + 1),
    });
    expect(anonymous.status).toBe(413);
    const atLimit = await control().request('POST', `/api/datasets/${slug}`, {
      token: user.token,
      rawBody: padded(MAX_CONTROL_BODY_BYTES),
    });
    expect(atLimit.status).not.toBe(413);
  });
});
