import { randomBytes } from 'node:crypto';
import type { Call, Receiver, Reply, Stack } from './stack.ts';

export interface DatasetRef {
  id: number;
  name: string;
  slug: string;
}

export interface User {
  id: number;
  email: string;
  username: string;
  password: string;
  /** The PAT the login answered. */
  pat: string;
  patId: number;
  patPrefix: string;
}

export interface Project {
  id: number;
  slug: string;
  name: string;
  /** Registered `{label, amount}`; fed through all four dataset endpoints. */
  orders: DatasetRef;
  /** Registered `{note}`; fed through the legacy endpoints without a dataset id. */
  defaults: DatasetRef;
  /** Never registered: a schema is still up for grabs. */
  drafts: DatasetRef;
  key: { id: number; name: string; apiKey: string };
  destination: Record<string, string>;
  /** The webhook's Standard Webhooks secret, answered once when the destination was saved. */
  signingSecret: string | undefined;
  /** The webhook receiver, when the destination is a webhook. */
  receiver: Receiver | undefined;
  sent: { labels: string[]; notes: string[]; logs: string[] };
}

export interface Tenant {
  tag: string;
  user: User;
  projects: [Project, Project];
}

export const ORDER_FIELDS = { label: 'string', amount: 'number' } as const;
export const DEFAULT_FIELDS = { note: 'string' } as const;
/** Every seeded record is stamped inside this range; queries use it. */
export const RANGE = { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' };
/** Every project's key sends one record and one log event with these: a replay across keys would drop data. */
const SHARED_IDEMPOTENCY = randomBytes(6).toString('hex');

/** The status must be `status`, or the seed stops with what the service said. */
export async function sendOk(stack: Stack, call: Call, status: number): Promise<Reply> {
  const reply = await stack.send(call);
  if (reply.status !== status) {
    throw new Error(`${call.method} ${call.path}: expected ${status}, got ${reply.status} ${reply.text}`);
  }
  return reply;
}

const field = <T>(value: unknown, path: string[]): T => {
  let current = value;
  for (const key of path) current = (current as Record<string, unknown> | undefined)?.[key];
  if (current === undefined) throw new Error(`no ${path.join('.')} in ${JSON.stringify(value)}`);
  return current as T;
};

/** Signs up and logs in through the API; `role` names the account in its email (e.g. `member`). */
export async function createUser(stack: Stack, tag: string, role: string): Promise<User> {
  const email = `${role}-${tag}@example.com`;
  const username = `${role}_${tag}`;
  const password = `pw-${tag}-${randomBytes(4).toString('hex')}`;
  const control = (method: string, path: string, body?: unknown, credential?: string): Call => ({
    service: 'control',
    method,
    path,
    body,
    credential,
  });
  const signedUp = await sendOk(
    stack,
    control('POST', '/api/auth/signup', { email, password, username }),
    201,
  );
  const login = await sendOk(stack, control('POST', '/api/auth/login', { email, password }), 200);
  const pat = field<string>(login.json, ['token']);
  const tokens = await sendOk(stack, control('GET', '/api/dashboard/tokens', undefined, pat), 200);
  const [own] = field<{ id: number; prefix: string }[]>(tokens.json, ['tokens']);
  if (!own) throw new Error('the login token is not listed');
  const id = field<number>(signedUp.json, ['user', 'id']);
  return { id, email, username, password, pat, patId: own.id, patPrefix: own.prefix };
}

/** An owner with two projects, each with datasets, a key and a destination (nothing ingested yet). */
export async function createTenant(stack: Stack, label: string): Promise<Tenant> {
  const tag = `${label}${randomBytes(5).toString('hex')}`;
  const user = await createUser(stack, tag, 'owner');
  const first = await createProject(stack, user, tag, 1);
  const second = await createProject(stack, user, tag, 2);
  return { tag, user, projects: [first, second] };
}

async function createProject(stack: Stack, user: User, tag: string, n: number): Promise<Project> {
  const call = (method: string, path: string, body?: unknown): Call => ({
    service: 'control',
    method,
    path,
    body,
    credential: user.pat,
  });
  const slug = `p${n}-${tag}`;
  const name = `Project ${n} of ${tag}`;
  const created = await sendOk(stack, call('POST', '/api/projects', { slug, name }), 201);
  const dataset = async (datasetName: string, fields?: Record<string, string>): Promise<DatasetRef> => {
    const made = await sendOk(stack, call('POST', `/api/datasets/${slug}`, { name: datasetName }), 201);
    const ref = field<DatasetRef>(made.json, ['dataset']);
    if (fields) await sendOk(stack, call('POST', `/api/datasets/${slug}/${ref.id}/schema`, { fields }), 200);
    return { id: ref.id, name: ref.name, slug: ref.slug };
  };
  const orders = await dataset(`Orders ${tag} ${n}`, ORDER_FIELDS);
  const drafts = await dataset(`Drafts ${tag} ${n}`);
  const listed = await sendOk(stack, call('GET', `/api/datasets/${slug}`), 200);
  const defaultRef = field<(DatasetRef & { isDefault: boolean })[]>(listed.json, ['datasets']).find(
    (candidate) => candidate.isDefault,
  );
  if (!defaultRef) throw new Error(`${slug} has no default dataset`);
  await sendOk(
    stack,
    call('POST', `/api/datasets/${slug}/${defaultRef.id}/schema`, { fields: DEFAULT_FIELDS }),
    200,
  );
  const keyName = `key-${tag}-${n}`;
  const minted = await sendOk(stack, call('POST', `/api/projects/${slug}/keys`, { name: keyName }), 201);
  // Project 1 sends its logs to a webhook (so deliveries can be checked), project 2 to the built-in store.
  const receiver = n === 1 ? await stack.newReceiver() : undefined;
  const destination: Record<string, string> = receiver
    ? { type: 'webhook', webhook_url: receiver.url }
    : { type: 'logger', read_api_url: `https://logs-${tag}.example/read/${n}` };
  const saved = await sendOk(stack, call('PATCH', `/api/projects/${slug}/destination`, destination), 200);
  const signingSecret = receiver ? field<string>(saved.json, ['signingSecret']) : undefined;
  return {
    id: field<number>(created.json, ['project', 'id']),
    slug,
    name,
    orders,
    defaults: { id: defaultRef.id, name: defaultRef.name, slug: defaultRef.slug },
    drafts,
    key: {
      id: field<number>(minted.json, ['key', 'id']),
      name: keyName,
      apiKey: field(minted.json, ['apiKey']),
    },
    destination,
    signingSecret,
    receiver,
    sent: { labels: [], notes: [], logs: [] },
  };
}

/**
 * Sends each project's data through every ingest endpoint with its own key. All keys use the same
 * two Idempotency-Keys (a replay across keys would drop data); one batch names `stranger`'s dataset
 * in its header and one log event names `stranger`'s project (both must land in the sender's only).
 */
export async function ingestSeed(stack: Stack, tenant: Tenant, stranger: Project): Promise<void> {
  for (const project of tenant.projects) {
    const { labels, notes, logs } = project.sent;
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const reply = await sendOk(
        stack,
        { service: 'gateway', method: 'POST', path, body, headers, credential: project.key.apiKey },
        202,
      );
      if (reply.headers.get('idempotent-replayed')) throw new Error(`${path} was replayed: ${reply.text}`);
    };
    const order = () => {
      const label = `${project.slug}-row-${labels.length + 1}`;
      labels.push(label);
      return {
        timestamp: '2026-06-10T10:00:00Z',
        context: { from: project.slug },
        label,
        amount: labels.length,
      };
    };
    const note = () => {
      notes.push(`${project.slug}-note-${notes.length + 1}`);
      return { timestamp: '2026-06-10T11:00:00Z', context: {}, note: notes.at(-1) };
    };
    const log = (extra: Record<string, unknown> = {}) => {
      logs.push(`${project.slug} log ${logs.length + 1}`);
      return { message: logs.at(-1), level: 'info', ...extra };
    };
    const datasetHeader = { 'x-loguro-dataset-id': String(project.orders.id) };
    const idempotent = (kind: string) => ({ 'idempotency-key': `shared-${kind}-${SHARED_IDEMPOTENCY}` });
    await post(`/datasets/${project.orders.id}`, order(), idempotent('record'));
    // The header only picks a dataset for the path-less endpoints: here it must be ignored.
    const elsewhere = { 'x-loguro-dataset-id': String(stranger.orders.id) };
    await post(`/datasets/${project.orders.id}/batch`, [order(), order()], elsewhere);
    await post('/datasets', order(), datasetHeader);
    await post('/datasets/batch', [order()], datasetHeader);
    await post('/datasets', note());
    await post('/datasets/batch', [note()]);
    await post('/v1/logs', { events: [log(), log({ level: 'warn', env: 'prod' })] });
    const steering = { 'x-project-id': String(stranger.id), 'x-loguro-project-id': String(stranger.id) };
    await post('/v1/ingest', log({ metadata: { projectId: stranger.id } }), {
      ...idempotent('log'),
      ...steering,
    });
  }
}

/** What must never reach anyone else: every name, credential, destination and value of the tenant. */
export function secretsOf(tenant: Tenant): string[] {
  const { user } = tenant;
  return [
    tenant.tag,
    user.email,
    user.username,
    user.password,
    user.pat,
    user.patPrefix,
    ...tenant.projects.flatMap((project) => [
      project.slug,
      project.name,
      ...[project.orders, project.drafts].flatMap((dataset) => [dataset.name, dataset.slug]),
      project.key.name,
      project.key.apiKey,
      ...Object.values(project.destination).filter((value) => value.includes('/')),
      ...(project.signingSecret ? [project.signingSecret] : []),
      ...project.sent.labels,
      ...project.sent.notes,
      ...project.sent.logs,
    ]),
  ];
}
