import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { retryAfterMs } from './backoff.ts';
import { guardedAgent } from './egress/dispatcher.ts';
import type { Egress } from './egress/egress.ts';
import { findRefusal } from './egress/egress.ts';
import { type DeliveredEvent, idempotencyKey } from './events.ts';
import { type DeliveryOutcome, describeFailure } from './outcome.ts';

export interface WebhookTarget {
  url: string;
  /** The destination's Standard Webhooks secret (`whsec_…`); absent for one saved before signing. */
  secret?: string | undefined;
}

/**
 * POSTs `{"project", "events"}` signed with Standard Webhooks (`webhook-id` = the batch's idempotency
 * key, stable across retries). Non-2xx, a timeout or a failed connect is retried; a refused address
 * is final. Redirects are not followed: a URL must not bounce the writer elsewhere.
 */
export class WebhookSender {
  private readonly agent;
  private readonly timeoutMs: number;

  constructor(egress: Egress, timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    this.agent = guardedAgent(egress, timeoutMs);
  }

  async post(
    target: WebhookTarget,
    batch: { project: string; events: readonly DeliveredEvent[]; attempt: number },
  ): Promise<DeliveryOutcome> {
    const body = JSON.stringify({ project: batch.project, events: batch.events });
    const id = idempotencyKey(batch.events);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'quarry-writer',
      'idempotency-key': id,
      'x-quarry-project': batch.project,
      'x-quarry-delivery-attempt': String(batch.attempt),
    };
    if (target.secret) {
      const at = new Date();
      headers['webhook-id'] = id;
      headers['webhook-timestamp'] = String(Math.floor(at.getTime() / 1000));
      headers['webhook-signature'] = new Webhook(target.secret).sign(id, at, body);
    }
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(target.url, {
        method: 'POST',
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.timeoutMs),
        headers,
        body,
      });
    } catch (error) {
      const refused = findRefusal(error);
      if (refused) return { ok: false, error: `webhook: ${refused.message}`, permanent: true };
      return { ok: false, error: `webhook request failed: ${describeFailure(error)}` };
    }
    // The body is not read beyond what frees the connection: receivers owe us only a status.
    await response.body.dump().catch(() => undefined);
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true };
    const header = response.headers['retry-after'];
    const asked = retryAfterMs(typeof header === 'string' ? header : null);
    return {
      ok: false,
      error: `webhook answered ${status}`,
      ...(asked === undefined ? {} : { retryAfterMs: asked }),
    };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
