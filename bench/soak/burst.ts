import { closedLoop, type LoadResult } from '../lib/http-load.ts';
import { Ledger } from './ledger.ts';
import { datasetBodies, PER_REQUEST } from './records.ts';
import type { Stack } from './stack.ts';

/**
 * Closed loop on the batch endpoint: the records/s the gateway sustains on this machine now, with the
 * writer consuming alongside. Its batches are numbered 0, 1, … so they count in the final check too.
 */
export async function measureMaximum(
  stack: Stack,
  options: { connections: number; seconds: number },
): Promise<{ max: LoadResult; ledger: Ledger }> {
  // Ample for any rate a closed loop of a few dozen connections reaches on one machine.
  const ledger = new Ledger(0, 2_000_000);
  const max = await closedLoop(
    {
      origin: stack.apps.gateway.url,
      path: `/datasets/${stack.tenant.datasetId}/batch`,
      headers: { authorization: `Bearer ${stack.tenant.apiKey}`, 'content-type': 'application/json' },
      bodies: [],
      bodyAt: datasetBodies(),
      onAnswer: (index, status) => ledger.set(index, status),
      recordsPerRequest: PER_REQUEST,
    },
    { connections: options.connections, seconds: options.seconds, warmupSeconds: 3 },
  );
  return { max, ledger };
}
