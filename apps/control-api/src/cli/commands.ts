import { randomBytes } from 'node:crypto';
import {
  bootstrapInstallation,
  catalogDb,
  createInvitation,
  createKeyring,
  DEFAULT_PLANS,
  flushUsage,
  setProjectQuota,
  setUserQuota,
} from '@quarry/control-plane';
import { consumerLag, listDeadLetters, replayDeadLetters } from '@quarry/operations';
import { topicSpecs } from '@quarry/pipeline';
import { closeAll, openBus, openCatalog, openCounters, openDb, openKeyring } from './environment.ts';
import { progressBar } from './progress.ts';

export interface Command {
  /** Words after `quarry`, e.g. `dead-letters replay`. */
  name: string;
  summary: string;
  /** Options after the name, for --help. */
  usage?: string;
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  /**
   * Every word after the name is a positional, even one beginning with '-' (a kid is base64url, so
   * one in 64 does); only a lone --help or -h still asks for help. For commands without options.
   */
  positionalsOnly?: true;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<void>;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const table = (rows: object[]) => {
  if (rows.length === 0) return out('(none)');
  const cells = rows as Record<string, unknown>[];
  const keys = Object.keys(cells[0] ?? {});
  const width = (key: string) => Math.max(key.length, ...cells.map((row) => String(row[key] ?? '').length));
  out(keys.map((key) => key.padEnd(width(key))).join('  '));
  for (const row of cells) out(keys.map((key) => String(row[key] ?? '').padEnd(width(key))).join('  '));
};
const required = (value: string | boolean | undefined, name: string): string => {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
};

export class UsageError extends Error {}

export const COMMANDS: Command[] = [
  {
    name: 'migrate',
    summary: 'Apply pending catalog migrations (safe to run concurrently). Needs DATABASE_URL.',
    async run() {
      const { applied } = await (await openCatalog()).migrate();
      out(applied.length ? `applied ${applied.join(', ')}` : 'catalog is up to date');
    },
  },
  {
    name: 'topics create',
    summary:
      'Create the Kafka topics that do not exist yet. Needs KAFKA_BROKERS (KAFKA_TOPIC_NAMESPACE, KAFKA_DATASET_PARTITIONS, KAFKA_LOG_PARTITIONS).',
    async run() {
      const { bus, topics, partitions } = await openBus();
      const specs = topicSpecs(topics, partitions);
      await bus.admin.ensureTopics(specs);
      const variables: Record<string, string> = {
        [topics.datasets]: 'KAFKA_DATASET_PARTITIONS',
        [topics.logs]: 'KAFKA_LOG_PARTITIONS',
      };
      for (const { topic, partitions: asked } of specs) {
        const actual = (await bus.admin.offsets(topic)).length;
        // An existing topic keeps its count: more partitions move keys (a dataset's order), the operator's call.
        const differs = ` (exists; ${variables[topic] ?? 'the default'} asks for ${asked}: kafka-topics.sh --alter --partitions adds them, see docs/scaling.md)`;
        out(`${topic}  partitions=${actual}${actual === asked ? '' : differs}`);
      }
    },
  },
  {
    name: 'users create-admin',
    summary: 'Create a user with unlimited quotas, a project, a PAT and an ingest key; prints them once.',
    usage: '--email <email> [--project <slug>]',
    options: { email: { type: 'string' }, project: { type: 'string' } },
    async run(values) {
      const catalog = await openCatalog();
      const db = catalogDb(catalog);
      const deps = {
        db,
        warehouse: noWarehouse,
        counters: openCounters(),
        keyring: await openKeyring(),
        plans: DEFAULT_PLANS,
        // Bootstrapping sets no destination, so nothing is sealed: no key is needed for it.
        destinationKey: Buffer.alloc(32),
      };
      const result = await bootstrapInstallation(deps, {
        email: required(values.email, 'email'),
        projectSlug:
          typeof values.project === 'string' ? values.project : `admin-${randomBytes(3).toString('hex')}`,
      });
      out(JSON.stringify(result, null, 2));
    },
  },
  {
    name: 'users invite',
    summary:
      'Invite an email address to sign up (SIGNUP_MODE=invite); prints the code once. Needs DATABASE_URL.',
    usage: '--email <email> [--days 7]',
    options: { email: { type: 'string' }, days: { type: 'string' } },
    async run(values) {
      const days = typeof values.days === 'string' ? Number(values.days) : 7;
      if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError('--days must be 1 to 365');
      const invitation = await createInvitation(await openDb(), {
        email: required(values.email, 'email'),
        ttlDays: days,
      });
      out(JSON.stringify(invitation, null, 2));
      process.stderr.write(
        'the invitee signs up with POST /api/auth/signup {"email", "password", "invitation"}\n',
      );
    },
  },
  {
    name: 'keys list',
    summary: 'List ingest-key signing keys. Needs DATABASE_URL.',
    async run() {
      const keyring = createKeyring(await openDb(), Buffer.alloc(32));
      table(
        (await keyring.list()).map(({ kid, createdAt, retiredAt }) => ({
          kid,
          createdAt: createdAt.toISOString(),
          retiredAt: retiredAt?.toISOString() ?? '',
        })),
      );
    },
  },
  {
    name: 'keys rotate',
    summary:
      'Make a new signing key; new ingest keys are signed with it, old ones keep working. Needs DATABASE_URL, SIGNING_KEY_ENCRYPTION_KEY.',
    async run() {
      const key = await (await openKeyring()).rotate();
      out(
        `new signing key ${key.kid}; retire the previous one with \`quarry keys retire <kid>\` once its keys are replaced`,
      );
    },
  },
  {
    name: 'keys retire',
    summary:
      "Retire a signing key: every ingest key it signed is refused within the gateways' refresh. Needs DATABASE_URL.",
    usage: '<kid>',
    positionalsOnly: true,
    async run(_values, [kid]) {
      if (!kid) throw new UsageError('which kid? see `quarry keys list`');
      const retired = await createKeyring(await openDb(), Buffer.alloc(32)).retire(kid);
      out(retired ? `retired ${kid}` : `no active signing key ${kid}`);
    },
  },
  {
    name: 'lag',
    summary: 'Consumer lag per partition. Needs KAFKA_BROKERS.',
    usage: '[--group quarry-writer]',
    options: { group: { type: 'string' } },
    async run(values) {
      const { bus, topics } = await openBus();
      const group = typeof values.group === 'string' ? values.group : 'quarry-writer';
      table(await consumerLag(bus, group, [topics.datasets, topics.logs].filter(Boolean)));
    },
  },
  {
    name: 'dead-letters list',
    summary: 'List dead letters with their source and reason. Needs KAFKA_BROKERS.',
    usage: '[--limit 100]',
    options: { limit: { type: 'string' } },
    async run(values) {
      const { bus, topics } = await openBus();
      const letters = await listDeadLetters(bus, topics, { limit: Number(values.limit ?? 100) });
      table(
        letters.map((letter) => ({
          offset: `${letter.partition}/${letter.offset}`,
          source: `${letter.source.topic}/${letter.source.partition}/${letter.source.offset}`,
          key: letter.source.key,
          reason: letter.reason,
          failedAt: letter.failedAt,
          bytes: letter.bytes,
        })),
      );
    },
  },
  {
    name: 'dead-letters replay',
    summary:
      'Send every dead letter not replayed yet back to its source topic (after fixing the cause). Needs KAFKA_BROKERS.',
    async run() {
      const { bus, topics } = await openBus();
      const { replayed } = await replayDeadLetters(bus, topics, { onProgress: progressBar('replaying') });
      out(`replayed ${replayed} dead letters`);
    },
  },
  {
    name: 'usage flush',
    summary: 'Move usage_delta counters into the durable monthly usage now. Needs DATABASE_URL, REDIS_URL.',
    async run() {
      const report = await flushUsage({ db: await openDb(), counters: openCounters() });
      if (!report.ran) {
        out('another flush is running; nothing done');
        return;
      }
      out(
        `flushed ${report.flushed.length} counters (${report.flushed.reduce((sum, { amount }) => sum + amount, 0)} records); ${report.failed.length} failed`,
      );
    },
  },
  {
    name: 'quota set',
    summary:
      "Set a monthly quota (a number, `unlimited`, or `default` for the plan's): dataset records per user (project owner), logs per project. Needs DATABASE_URL, REDIS_URL.",
    usage:
      '--bucket datasets|logs (--user <id|email> for datasets, --project <slug> for logs) --limit <n|unlimited|default>',
    options: {
      user: { type: 'string' },
      project: { type: 'string' },
      bucket: { type: 'string' },
      limit: { type: 'string' },
    },
    async run(values) {
      const db = await openDb();
      const bucket = required(values.bucket, 'bucket');
      if (bucket !== 'datasets' && bucket !== 'logs')
        throw new UsageError('--bucket must be datasets or logs');
      const limitText = required(values.limit, 'limit');
      const limit = limitText === 'default' ? null : limitText === 'unlimited' ? -1 : Number(limitText);
      if (limit !== null && (!Number.isSafeInteger(limit) || limit < -1))
        throw new UsageError('--limit must be an integer ≥ -1 or default');
      const shown = limit === null ? 'back to the plan default' : limit;
      if (bucket === 'logs') {
        const slug = required(values.project, 'project');
        const [project] = await db.query<{ id: string }>('SELECT id FROM projects WHERE slug = $1', [slug]);
        if (!project) throw new UsageError(`no project ${slug}`);
        await setProjectQuota({ db, counters: openCounters() }, { projectId: Number(project.id), limit });
        out(`project ${project.id}: logs quota ${shown}`);
        return;
      }
      const user = required(values.user, 'user');
      const [row] = await db.query<{ id: string }>(
        /^\d+$/.test(user)
          ? 'SELECT id FROM users WHERE id = $1'
          : 'SELECT id FROM users WHERE email = lower($1)',
        [user],
      );
      if (!row) throw new UsageError(`no user ${user}`);
      await setUserQuota({ db, counters: openCounters() }, { userId: Number(row.id), bucket, limit });
      out(`user ${row.id}: ${bucket} quota ${shown}`);
    },
  },
];

// create-admin registers no schema, so it never reaches the warehouse.
const unavailable = async (): Promise<never> => {
  throw new Error('not available in this command');
};
const noWarehouse = {
  command: unavailable,
  query: unavailable,
  queryJsonRows: unavailable,
  insert: unavailable,
  stream: unavailable,
};

export { closeAll };
