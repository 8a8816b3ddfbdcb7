import { openDestination } from '@quarry/control-plane';

/** Where a project's logs go besides the built-in store, as the writer reads them from the catalog. */
export type Destination =
  | { type: 'logger' }
  | { type: 'webhook'; url: string; signingSecret?: string | undefined }
  | { type: 'direct_db_postgres'; url: string }
  /** Cannot be delivered to (an unknown kind, secrets it cannot open): dead-lettered, never dropped. */
  | { type: 'unusable'; reason: string };

/**
 * Reads `projects.destination` and the URL and webhook secret sealed in `destination_sealed` (a row
 * saved before sealing has its URL in `destination`). Anything unreadable is `unusable`, not
 * `logger`, so a broken setting shows up as failed deliveries instead of silently keeping events home.
 */
export function parseDestination(stored: unknown, sealed: string | null, key: Buffer): Destination {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const type = typeof value.type === 'string' ? value.type : '';
  if (type === 'logger') return { type: 'logger' };
  if (type !== 'webhook' && type !== 'direct_db_postgres') {
    return { type: 'unusable', reason: `destination type ${type || 'unknown'} is not supported` };
  }
  let url: unknown = type === 'webhook' ? value.webhook_url : value.direct_db_url;
  let signingSecret: string | undefined;
  if (sealed !== null) {
    try {
      ({ url, signingSecret } = openDestination(sealed, key));
    } catch {
      return {
        type: 'unusable',
        reason:
          'the destination cannot be opened: the writer has another DESTINATION_ENCRYPTION_KEY than the control API',
      };
    }
  }
  if (typeof url !== 'string' || url === '') return { type: 'unusable', reason: `${type} has no URL` };
  return type === 'webhook' ? { type, url, signingSecret } : { type, url };
}

/** The built-in store always keeps the events; only the other destinations need a delivery. */
export function needsDelivery(destination: Destination): boolean {
  return destination.type !== 'logger';
}
