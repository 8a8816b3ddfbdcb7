import {
  type ControlPlaneDeps,
  changeIngestKey,
  createDataset,
  createIngestKey,
  createProject,
  issuePat,
  registerSchema,
  revokePat,
  setProjectQuota,
  setUserQuota,
  signup,
} from '@quarry/control-plane';
import { type FieldType, INGEST_MESSAGES } from '@quarry/schema';
import { signArbitraryClaims } from '../../../apps/ingest-gateway/src/testing.ts';
import { unique } from '../../src/pipeline.ts';
import { GATEWAY_MESSAGES } from './catalogs.ts';

export type Fields = Record<string, FieldType>;

/** The contract's example schema (§1). */
export const ORDER_FIELDS: Fields = {
  country: 'string',
  plan: 'string',
  amount: 'number',
  active: 'boolean',
  signup_at: 'timestamp',
};

/**
 * Valid names that are also Object.prototype members, case variants of the reserved names and the
 * longest name allowed: what a validator built on plain objects or `in` would get wrong.
 */
export const TRICKY_FIELDS: Fields = Object.fromEntries<FieldType>([
  ['constructor', 'string'],
  ['prototype', 'number'],
  ['hasOwnProperty', 'boolean'],
  ['toString', 'timestamp'],
  ['valueOf', 'number'],
  ['Timestamp', 'string'],
  ['CONTEXT', 'boolean'],
  ['_', 'string'],
  [`f${'x'.repeat(63)}`, 'number'],
]);

export interface FuzzDataset {
  id: number;
  fields: Fields;
}

export interface FuzzTenant {
  slug: string;
  orders: FuzzDataset;
  /** The project's default dataset (the legacy endpoints' target), registered with TRICKY_FIELDS. */
  byDefault: FuzzDataset;
  /** Created, schema never registered: `Dataset schema not found`. */
  pendingId: number;
  /** A registered dataset of another project of the same owner. */
  foreignId: number;
  foreignSlug: string;
  apiKey: string;
  pat: string;
  /** Credentials that must be refused, each with the answer the contract or our catalog gives. */
  refusedKeys: { token: string; status: number; message: string }[];
  refusedPats: string[];
}

/** A user (unlimited quotas) with a project, its datasets, an ingest key and a PAT, made through the verbs. */
export async function createFuzzTenant(deps: ControlPlaneDeps): Promise<FuzzTenant> {
  const user = await signup(deps, {
    email: `fuzz-${unique()}@test.quarry`,
    password: 'long enough password',
  });
  const ctx = { deps, actor: { userId: user.id } };
  const slug = `fuzz-${unique()}`;
  const project = await createProject(ctx, { slug });
  const orders = await createDataset(ctx, slug, { name: 'Orders' });
  await registerSchema(ctx, slug, orders.id, { fields: ORDER_FIELDS });
  const [row] = await deps.db.query<{ id: string }>(
    'SELECT id FROM datasets WHERE project_id = $1 AND is_default',
    [project.id],
  );
  const defaultId = Number(row?.id);
  await registerSchema(ctx, slug, defaultId, { fields: TRICKY_FIELDS });
  const pending = await createDataset(ctx, slug, { name: 'Pending' });

  const foreignSlug = `fuzz-${unique()}`;
  await createProject(ctx, { slug: foreignSlug });
  const foreign = await createDataset(ctx, foreignSlug, { name: 'Foreign' });
  await registerSchema(ctx, foreignSlug, foreign.id, { fields: ORDER_FIELDS });

  await setUserQuota(deps, { userId: user.id, bucket: 'datasets', limit: -1 });
  await setProjectQuota(deps, { projectId: project.id, limit: -1 });
  const { apiKey } = await createIngestKey(ctx, slug, { name: 'fuzz' });
  const revoked = await createIngestKey(ctx, slug, { name: 'revoked' });
  await changeIngestKey(ctx, slug, { id: revoked.key.id, action: 'revoke' });
  const { token: pat } = await issuePat(deps.db, user.id, 'fuzz');
  const oldPat = await issuePat(deps.db, user.id, 'revoked');
  await revokePat(ctx, { id: oldPat.pat.id });
  const noProject = await signArbitraryClaims(deps, { userId: String(user.id), keyId: 'fuzz-no-project' });

  return {
    slug,
    orders: { id: orders.id, fields: ORDER_FIELDS },
    byDefault: { id: defaultId, fields: TRICKY_FIELDS },
    pendingId: pending.id,
    foreignId: foreign.id,
    foreignSlug,
    apiKey,
    pat,
    refusedKeys: [
      { token: revoked.apiKey, status: 403, message: GATEWAY_MESSAGES.auth.refusedKey },
      { token: noProject, status: 401, message: INGEST_MESSAGES.projectNotFound },
    ],
    refusedPats: [oldPat.token, apiKey],
  };
}
