import { describe, expect, it } from 'vitest';
import { useTestControl } from './testing.ts';

const QUERY = {
  range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
  select: [{ aggregate: 'count', as: 'events' }],
};

describe('the dataset query route', () => {
  const control = useTestControl('postgres');

  it('answers a foreign project exactly like an unknown one, and an unknown dataset like a pending one', async () => {
    const owner = await control().signUp();
    const outsider = await control().signUp();
    const project = await control().createProject(owner);
    const dataset = await control().createDataset(owner, project);
    const query = (token: string, path: string) => control().request('POST', path, { token, body: QUERY });

    const foreign = await query(outsider.token, `/api/datasets/${project}/${dataset.id}/query`);
    const unknown = await query(outsider.token, `/api/datasets/no-such-project/${dataset.id}/query`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect(foreign.body).toEqual({ error: 'Not Found', message: 'Project not found' });

    const pending = await query(owner.token, `/api/datasets/${project}/${dataset.id}/query`);
    const missing = await query(owner.token, `/api/datasets/${project}/999999999/query`);
    expect(pending.body).toEqual({ error: 'Not Found', message: 'Dataset schema not found' });
    expect(missing.body).toEqual(pending.body);
  });
});
