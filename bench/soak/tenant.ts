import type { DatasetSchema } from '@quarry/schema';
import { z } from 'zod';

export interface Tenant {
  email: string;
  project: string;
  projectId: number;
  datasetId: number;
  /** A personal access token named `soak`, for queries. */
  pat: string;
  /** A project ingest key, for the gateway. */
  apiKey: string;
}

/**
 * What a user does on a new installation, all through the control API over HTTP: sign up, log in,
 * make a named PAT, a project, a dataset with its schema (which creates its table), an ingest key.
 */
export async function createTenant(controlUrl: string, schema: DatasetSchema): Promise<Tenant> {
  const call = async <T extends z.ZodType>(
    path: string,
    body: unknown,
    shape: T,
    token?: string,
  ): Promise<z.output<T>> => {
    const response = await fetch(`${controlUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return shape.parse(JSON.parse(text));
  };
  const email = `soak-${Date.now().toString(36)}@example.com`;
  const password = 'soak-password';
  await call('/api/auth/signup', { email, password }, z.object({ user: z.object({ id: z.number() }) }));
  const login = await call('/api/auth/login', { email, password }, z.object({ token: z.string() }));
  const { token: pat } = await call(
    '/api/dashboard/tokens',
    { name: 'soak' },
    z.object({ token: z.string() }),
    login.token,
  );
  const project = 'soak';
  const created = await call(
    '/api/projects',
    { slug: project },
    z.object({ project: z.object({ id: z.number() }) }),
    pat,
  );
  const dataset = await call(
    `/api/datasets/${project}`,
    { name: 'Orders' },
    z.object({ dataset: z.object({ id: z.number() }) }),
    pat,
  );
  await call(`/api/datasets/${project}/${dataset.dataset.id}/schema`, schema, z.object({}), pat);
  const key = await call(
    `/api/projects/${project}/keys`,
    { name: 'soak' },
    z.object({ apiKey: z.string() }),
    pat,
  );
  return {
    email,
    project,
    projectId: created.project.id,
    datasetId: dataset.dataset.id,
    pat,
    apiKey: key.apiKey,
  };
}
