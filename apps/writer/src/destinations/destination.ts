/** Where a project's logs go besides the built-in store, as the writer reads `projects.destination`. */
export type Destination =
  | { type: 'logger' }
  | { type: 'webhook'; url: string }
  | { type: 'direct_db_postgres'; url: string }
  /** A `direct_db_*` kind this writer cannot write to: its deliveries are dead-lettered, never dropped. */
  | { type: 'unsupported'; name: string };

/**
 * Reads the stored destination (`{"type": "webhook", "webhook_url": …}` and so on, as set by the
 * control API). Anything unreadable is `unsupported` rather than `logger`, so a broken setting
 * shows up as dead deliveries instead of silently keeping the events home.
 */
export function parseDestination(stored: unknown): Destination {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const type = typeof value.type === 'string' ? value.type : '';
  if (type === 'logger') return { type: 'logger' };
  const url = type === 'webhook' ? value.webhook_url : value.direct_db_url;
  if (typeof url !== 'string' || url === '') return { type: 'unsupported', name: type || 'unknown' };
  if (type === 'webhook') return { type: 'webhook', url };
  if (type === 'direct_db_postgres') return { type: 'direct_db_postgres', url };
  return { type: 'unsupported', name: type };
}

/** The built-in store always keeps the events; only the other destinations need a delivery. */
export function needsDelivery(destination: Destination): boolean {
  return destination.type !== 'logger';
}
