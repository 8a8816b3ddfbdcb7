import type { Bootstrap } from '../src/index.ts';

export interface StoredLog {
  timestamp: string;
  level: string;
  message: string;
  metadata: Record<string, unknown>;
  env: string;
  source: string;
}

/** The project's stored events matching `filters`, through the control API's log search. */
export async function searchLogs(
  bootstrap: Bootstrap,
  filters: Record<string, unknown>,
): Promise<StoredLog[]> {
  const response = await fetch(`${bootstrap.controlUrl}/api/logs/${bootstrap.project}/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bootstrap.pat}`, 'content-type': 'application/json' },
    body: JSON.stringify({ limit: 1_000, ...filters }),
  });
  if (response.status !== 200)
    throw new Error(`log search answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { events: StoredLog[] }).events;
}
