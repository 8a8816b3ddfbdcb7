import { randomBytes } from 'node:crypto';
import { signup } from './accounts.ts';
import type { ControlPlaneDeps } from './deps.ts';
import { createIngestKey } from './ingest-keys.ts';
import { issuePat } from './pats.ts';
import { createProject } from './projects.ts';
import { setProjectQuota, setUserQuota } from './quotas.ts';

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
  const project = await createProject(ctx, { slug: input.projectSlug, name: input.projectSlug });
  await deps.db.query(`UPDATE projects SET plan = 'unlimited' WHERE slug = $1`, [input.projectSlug]);
  // Dataset records are counted per owner, logs per project (contract §2, §3).
  await setUserQuota(deps, { userId: user.id, bucket: 'datasets', limit: -1 });
  await setProjectQuota(deps, { projectId: project.id, limit: -1 });
  const { token } = await issuePat(deps.db, user.id, 'bootstrap');
  const { apiKey } = await createIngestKey(ctx, input.projectSlug, { name: 'bootstrap' });
  return { email: user.email, password, project: input.projectSlug, pat: token, apiKey };
}
