import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@quarry/observability';
import type { WriterMetrics } from '../metrics.ts';
import type { LogProject, ProjectDirectory } from '../projects.ts';
import type { Backoff } from './backoff.ts';
import type { Egress } from './egress/egress.ts';
import type { DeliveredEvent } from './events.ts';
import type { Outbox, PendingDelivery } from './outbox.ts';
import { type DeliveryOutcome, nextStep } from './outcome.ts';
import { PostgresDestinations } from './postgres.ts';
import { WebhookSender } from './webhook.ts';

export interface DeliveryOptions {
  /** Lanes (projects) delivered to at once by this writer. */
  concurrency: number;
  /** Failed attempts after which a delivery is dead (kept in `log_deliveries` with its last error). */
  maxAttempts: number;
  backoff: Backoff;
  batchMaxEvents: number;
  /** Bound on one webhook POST or one database statement. */
  timeoutMs: number;
  pollMs: number;
  /** Finished outbox rows are kept this long, so a replayed bus message is not delivered again. */
  keepFinishedMs: number;
}

export interface DelivererDependencies {
  outbox: Outbox;
  directory: ProjectDirectory;
  logger: Logger;
  metrics: WriterMetrics;
  options: DeliveryOptions;
  /** Resolves and checks every destination host before a connection is made. */
  egress: Egress;
}

const PRUNE_EVERY_MS = 10 * 60_000;
/** A lane is given back after this long even if busy, so other writers and lanes get their turn. */
const SESSION_MS = 30_000;

/**
 * Delivers the outbox off the consumer's path. Each project with pending deliveries is a lane,
 * leased in the catalog by one writer at a time and worked in order (oldest first); a failure backs
 * off that lane only, so a slow or failing destination holds one of `concurrency` slots and never
 * another project's storage or delivery. At least once: a crash after a POST but before it was
 * recorded sends that batch again (receivers dedupe by event id or the Idempotency-Key header).
 */
export class Deliverer {
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly busy = new Map<number, Promise<void>>();
  private readonly postgres: PostgresDestinations;
  private readonly webhooks: WebhookSender;
  private readonly leaseMs: number;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private lastPrune = 0;

  private readonly deps: DelivererDependencies;

  constructor(deps: DelivererDependencies) {
    this.deps = deps;
    this.postgres = new PostgresDestinations(deps.egress, deps.options.timeoutMs);
    this.webhooks = new WebhookSender(deps.egress, deps.options.timeoutMs);
    // Renewed before every batch, so a writer that dies holds its lanes for seconds, not minutes.
    this.leaseMs = deps.options.timeoutMs + 5_000;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** New deliveries were enqueued: look for due lanes now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming lanes, lets the attempts in flight finish (each bounded by timeoutMs), releases leases. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await Promise.all(this.busy.values());
    await this.postgres.close();
    await this.webhooks.close();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.claimAndStart();
        await this.pruneNowAndThen();
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'log delivery: claiming lanes failed; retrying');
      }
      await this.pause();
    }
  }

  private async claimAndStart(): Promise<void> {
    const free = this.deps.options.concurrency - this.busy.size;
    if (free <= 0) return;
    const lanes = await this.deps.outbox.claimLanes(free, [...this.busy.keys()], this.owner, this.leaseMs);
    for (const projectId of lanes) {
      const running = this.runLane(projectId).finally(() => {
        this.busy.delete(projectId);
        this.wake();
      });
      this.busy.set(projectId, running);
    }
  }

  /** Works one leased lane: batch after batch until it is empty, a failure backs it off, or time is up. */
  private async runLane(projectId: number): Promise<void> {
    const { outbox, options, logger } = this.deps;
    const started = Date.now();
    let delayMs = 0;
    try {
      for (let first = true; !this.stopping && Date.now() - started < SESSION_MS; first = false) {
        if (!first && !(await outbox.renew(projectId, this.owner, this.leaseMs))) return;
        const batch = await outbox.nextBatch(projectId, options.batchMaxEvents);
        if (batch.length === 0) break;
        const project = await this.deps.directory.one(projectId);
        const ids = batch.map((delivery) => delivery.id);
        if (!project || project.destination.type === 'logger') {
          // Back on the built-in store (which has the events already): nothing left to deliver.
          await outbox.finish(ids, 'dropped');
          this.deps.metrics.deliveries.inc({ destination: 'logger', outcome: 'dropped' }, ids.length);
          continue;
        }
        const attempt = Math.max(...batch.map((delivery) => delivery.attempts)) + 1;
        const step = nextStep(await this.attempt(project, batch, attempt), attempt, options);
        if (step.kind === 'delivered') {
          await outbox.finish(ids, 'delivered');
        } else if (step.kind === 'dead') {
          await outbox.finish(ids, 'dead', step.error, attempt);
          this.deps.metrics.deliveries.inc({ destination: project.destination.type, outcome: 'dead' });
          logger.warn(
            { projectId, deliveries: ids.length, attempt, error: step.error },
            'log delivery dead-lettered',
          );
        } else {
          await outbox.failed(ids, step.error, attempt);
          delayMs = step.delayMs;
          break;
        }
      }
    } catch (error) {
      logger.warn({ err: error, projectId }, 'log delivery lane failed; it is retried after a pause');
      delayMs = options.backoff.baseMs;
    } finally {
      await outbox
        .release(projectId, this.owner, delayMs)
        .catch((error) => logger.warn({ err: error, projectId }, 'releasing a delivery lane failed'));
    }
  }

  private async attempt(
    project: LogProject,
    batch: PendingDelivery[],
    attempt: number,
  ): Promise<DeliveryOutcome> {
    const { metrics } = this.deps;
    const events: DeliveredEvent[] = batch.flatMap((delivery) => delivery.events);
    const label = { destination: project.destination.type };
    const started = performance.now();
    const outcome = await this.send(project, events, attempt);
    metrics.deliverySeconds.observe(label, (performance.now() - started) / 1000);
    metrics.deliveries.inc({ ...label, outcome: outcome.ok ? 'delivered' : 'failed' });
    if (outcome.ok) metrics.deliveredEvents.inc(label, events.length);
    return outcome;
  }

  private async send(
    project: LogProject,
    events: DeliveredEvent[],
    attempt: number,
  ): Promise<DeliveryOutcome> {
    const { destination, slug } = project;
    switch (destination.type) {
      case 'webhook':
        return this.webhooks.post(
          { url: destination.url, secret: destination.signingSecret },
          { project: slug, events, attempt },
        );
      case 'direct_db_postgres':
        return this.postgres.deliver(destination.url, slug, events);
      case 'unusable':
        return { ok: false, error: destination.reason, permanent: true };
      case 'logger':
        return { ok: true };
    }
  }

  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const pruned = await this.deps.outbox.prune(this.deps.options.keepFinishedMs);
    if (pruned > 0) this.deps.logger.info({ pruned }, 'pruned finished log deliveries');
  }

  private pause(): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, this.deps.options.pollMs);
      this.wakeUp = done;
    });
  }
}
