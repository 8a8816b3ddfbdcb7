import { randomBytes } from 'node:crypto';
import { signup } from './accounts.ts';
import type { ControlPlaneDeps } from './deps.ts';
import { createIngestKey } from './ingest-keys.ts';
import { issuePat } from './pats.ts';
import { createProject } from './projects.ts';
import { setUserQuota } from './quotas.ts';

export interface BootstrapResult {
  email: string;
  password: string;
  project: string;
  pat: string;
  apiKey: string;
}

/**
 * First start of an installation: an admin user with unlimited quotas, a project (with its default
 * dataset) on the unlimited plan, a personal access token and an ingest key.
 */
export async function bootstrapInstallation(
  deps: ControlPlaneDeps,
  input: { email: string; projectSlug: string },
): Promise<BootstrapResult> {
  const password = randomBytes(18).toString('base64url');
  const user = await signup(deps, { email: input.email, password });
  const ctx = { deps, actor: { userId: user.id } };
  await createProject(ctx, { slug: input.projectSlug, name: input.projectSlug });
  await deps.db.query(`UPDATE projects SET plan = 'unlimited' WHERE slug = $1`, [input.projectSlug]);
  for (const bucket of ['datasets', 'logs'] as const)
    await setUserQuota(deps, { userId: user.id, bucket, limit: -1 });
  const { token } = await issuePat(deps.db, user.id, 'bootstrap');
  const { apiKey } = await createIngestKey(ctx, input.projectSlug, { name: 'bootstrap' });
  return { email: user.email, password, project: input.projectSlug, pat: token, apiKey };
}
